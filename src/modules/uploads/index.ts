export { IMAGE_TYPES, type ImageType } from './domain/image.js';
export { VARIANT_NAMES, VARIANT_WIDTHS, type VariantName } from './domain/variants.js';
export { UploadsRepository, type UploadedImage, type UploadFile, type UploadInfo } from './uploads.repository.js';
export { UploadService, type StoredUpload } from './uploads.service.js';
export { uploadApiRoutes, uploadFileRoutes } from './uploads.routes.js';
export { UPLOADS_PATH, uploadIdOfUrl, uploadPath, variantPath } from './uploads.paths.js';

export { IMAGE_TYPES, type ImageType } from './domain/image.js';
export { UploadsRepository, type UploadFile, type UploadInfo } from './uploads.repository.js';
export { UploadService } from './uploads.service.js';
export { UPLOADS_PATH, uploadApiRoutes, uploadFileRoutes } from './uploads.routes.js';

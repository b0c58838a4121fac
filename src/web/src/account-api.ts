import type { AuctionPage } from '../../shared/api/auctions';
import type { ChangeEmailBody, ChangePasswordBody, PublicProfile, UpdateProfileBody, User } from '../../shared/api/identity';
import type { NotificationPreference } from '../../shared/api/notifications';
import { ApiError, errorText, request } from './api';
import { t } from './i18n';

type Pref = NotificationPreference;

/** The account's own settings and public profiles. */
export const accountApi = {
  updateProfile: (body: UpdateProfileBody) => request<User>('PATCH', '/me', { body }),
  changeEmail: (body: ChangeEmailBody) => request<User>('POST', '/me/email', { body }),
  changePassword: (body: ChangePasswordBody) => request<void>('POST', '/me/password', { body }),
  preferences: (signal?: AbortSignal) =>
    request<{ preferences: Pref[] }>('GET', '/me/notification-preferences', signal ? { signal } : {}),
  setPreference: (p: Pref) => request<{ preferences: Pref[] }>('PUT', '/me/notification-preferences', { body: { preferences: [p] } }),
  profile: (id: string, signal?: AbortSignal) =>
    request<PublicProfile>('GET', `/users/${encodeURIComponent(id)}/profile`, signal ? { signal } : {}),
  listingsOf: (sellerId: string, signal?: AbortSignal) =>
    request<AuctionPage>('GET', '/auctions', {
      query: { sellerId, status: 'scheduled,active', sort: 'ending_soon', limit: 24 },
      ...(signal ? { signal } : {}),
    }),
};

/** An account error in the reader's language (the account's own codes), else the app's usual text. */
export function accountErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    const count = Number(e.details?.minLength ?? 10);
    switch (e.code) {
      case 'WRONG_PASSWORD':
      case 'EMAIL_TAKEN':
      case 'INVALID_TIME_ZONE':
      case 'INVALID_LANGUAGE':
      case 'INVALID_AVATAR':
        return t(`account:errors.${e.code}`);
      case 'WEAK_PASSWORD':
        return t('account:errors.WEAK_PASSWORD', { count });
      default:
        return errorText(e);
    }
  }
  return errorText(e);
}

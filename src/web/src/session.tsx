import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, request } from './api';
import type { SessionResponse, User } from '../../shared/api/identity';
import { setTimeZone } from './format';
import { setLanguage } from './i18n';

/** Who is signed in: `undefined` while we ask, `null` for a visitor. */
interface Session {
  user: User | null | undefined;
  setUser(u: User | null): void;
  signOut(): Promise<void>;
}

const Ctx = createContext<Session>({ user: undefined, setUser: () => {}, signOut: async () => {} });

/** The session lives in an httpOnly cookie set by /auth/login; we only ask /me who we are. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<User | null | undefined>(undefined);
  // The profile's language and time zone win over this device's once we know who is here.
  const setUser = useCallback((u: User | null) => {
    if (u?.language) setLanguage(u.language, false);
    setTimeZone(u?.timeZone);
    setUserState(u);
  }, []);
  useEffect(() => {
    let alive = true;
    // /auth/session answers a visitor with `user: null` (200): no 401 in the console on every page.
    request<SessionResponse>('GET', '/auth/session')
      .then((r) => alive && setUser(r.user))
      .catch(() => alive && setUser(null));
    return () => {
      alive = false;
    };
  }, [setUser]);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, [setUser]);
  const value = useMemo(() => ({ user, setUser, signOut }), [user, setUser, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getProfile, type Profile } from './account';
import { signIn as logIn, signOut as logOut } from './auth';
import { currentTokens, onTokensChanged, setTokens, type Tokens } from './session';

export type { Profile };

interface Auth {
  tokens: Tokens | null;
  profile: Profile | null;
  /** Signs in; throws ApiError (e.g. code two_factor_required when a code is needed). */
  signIn: (email: string, password: string, code?: string) => Promise<void>;
  signOut: () => Promise<void>;
  reloadProfile: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [tokens, setState] = useState<Tokens | null>(currentTokens());
  const [profile, setProfile] = useState<Profile | null>(null);
  const [profileVersion, setProfileVersion] = useState(0);

  useEffect(() => onTokensChanged(setState), []);

  useEffect(() => {
    if (!tokens) {
      setProfile(null);
      return;
    }
    let live = true;
    getProfile()
      .then((p) => live && setProfile(p))
      .catch(() => live && setProfile(null));
    return () => {
      live = false;
    };
  }, [tokens?.sessionId, profileVersion]);

  const auth = useMemo<Auth>(
    () => ({
      tokens,
      profile,
      signIn: async (email, password, code) => {
        setTokens(await logIn(email, password, code));
      },
      signOut: async () => {
        try {
          await logOut();
        } catch {
          // Signed out locally either way; the session also ends by itself.
        }
        setTokens(null);
      },
      reloadProfile: () => setProfileVersion((v) => v + 1),
    }),
    [tokens, profile],
  );

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) {
    throw new Error('useAuth outside AuthProvider');
  }
  return auth;
}

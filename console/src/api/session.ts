import type { Credentials } from './client'

/** The signed-in key pair and region. Kept in sessionStorage only: gone with the tab or at sign-out. */
export interface Session extends Credentials {
  regionId: string
}

const KEY = 'openeni.session'

export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY)
  if (text === null) return undefined
  try {
    const value = JSON.parse(text) as Partial<Session>
    if (typeof value.accessKeyId === 'string' && typeof value.accessKeySecret === 'string' && typeof value.regionId === 'string') {
      return { accessKeyId: value.accessKeyId, accessKeySecret: value.accessKeySecret, regionId: value.regionId }
    }
  } catch {
    // A damaged entry is as good as none: sign in again.
  }
  sessionStorage.removeItem(KEY)
  return undefined
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session))
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY)
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Access key secrets must be recoverable (the server recomputes each HMAC), so they cannot be
 * hashed; they are sealed with AES-256-GCM under a master key that is kept outside the database
 * (a file in the data directory, or OPENENI_MASTER_KEY), so a copy of the database alone reveals none.
 */
export interface SecretBox {
  seal(plaintext: string): string
  open(sealed: string): string
}

export function secretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes')
  return {
    seal(plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.')
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('unrecognised sealed secret')
      }
      // Without authTagLength, GCM accepts a tag cut down to 4 bytes, which makes forgery cheap.
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64'), { authTagLength: 16 })
      decipher.setAuthTag(Buffer.from(tag, 'base64'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')
    },
  }
}

import crypto from 'node:crypto';

/** The checksum kept beside every frozen document (an issued återrapportering, a registered redovisning). */
export function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

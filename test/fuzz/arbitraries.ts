/**
 * Generators shared by the sanitizer fuzz tests: secrets from a marker alphabet, and the awkward
 * characters that surround them in real input (quotes, backslashes, comment markers, dollars…).
 */
import fc from 'fast-check';

/** A secret: `S3CR3T_` and 6–12 random letters/digits; checked case-insensitively. */
export const secretArb = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 6, maxLength: 12 })
  .map((tail) => `S3CR3T_${tail}`);

/** Characters that change how text around a secret is read by one dialect or another. */
export const AWKWARD = ["'", '"', '`', '\\', '$', '/*', '*/', '--', '#', '\n', ' ', 'ü', ';', '[', ']', '%', '@', ':', '?', '&', '='] as const;

/** Text with one or more secrets between awkward characters. */
export const secretTextArb = (secret: string) =>
  fc
    .array(fc.oneof({ weight: 2, arbitrary: fc.constant(secret) }, { weight: 3, arbitrary: fc.constantFrom(...AWKWARD) }, fc.constantFrom('a', 'x y', 'C:', '0')), {
      minLength: 1,
      maxLength: 8,
    })
    .map((parts) => (parts.includes(secret) ? parts : [...parts, secret]).join(''));

/** Spelling variants of secret-bearing names: case, `_`/`-`/`.` inserted, percent-encoded letters. */
export const sensitiveNameArb = fc
  .tuple(
    fc.constantFrom('password', 'passwd', 'secret', 'token', 'api_key', 'apiKey', 'access_token', 'authorization', 'client_secret', 'private_key', 'session', 'jsessionid', 'X-Amz-Signature', 'refresh_token', 'pwd', 'sig', 'code'),
    // percent-encoding last, so that no `_` or `-` lands inside an escape
    fc.array(fc.constantFrom('upper', 'lower', 'underscore', 'dash', 'percent', 'percent2'), { maxLength: 2 }).map((t) => [...t].sort((a, b) => Number(a.startsWith('percent')) - Number(b.startsWith('percent')))),
    fc.nat(),
  )
  .map(([name, transforms, seed]) => {
    let out: string = name;
    for (const t of transforms) {
      const at = seed % out.length;
      if (t === 'upper') out = out.toUpperCase();
      else if (t === 'lower') out = out.toLowerCase();
      else if (t === 'underscore' && at > 0) out = `${out.slice(0, at)}_${out.slice(at)}`;
      else if (t === 'dash' && at > 0) out = `${out.slice(0, at)}-${out.slice(at)}`;
      else if (t === 'percent' || t === 'percent2') {
        const c = out[at]!;
        if (/[A-Za-z]/.test(c)) {
          const hex = c.charCodeAt(0).toString(16);
          out = `${out.slice(0, at)}${t === 'percent' ? `%${hex}` : `%25${hex}`}${out.slice(at + 1)}`;
        }
      }
    }
    return out;
  });

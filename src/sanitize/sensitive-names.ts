/**
 * One test for "does this name hold a secret?", shared by URL parameters, body fields, headers and
 * error text. Names are compared in a normal form so that spelling variants cannot slip through:
 * percent-decoded (up to three times: `pass%2577ord`), `+` as space, lower case, and without
 * `-`, `_`, `.`, spaces and other punctuation (`Pass_Word`, `api-key`, `X-Amz-Signature`).
 */

/** The replacement for every redacted value. */
export const REDACTED = 'REDACTED';

/**
 * Words that make a (normalised) name sensitive wherever they occur in it: `access_token`,
 * `apiKey`, `client_secret`, `X-Amz-Signature`, `jsessionid`, `passwd`, `private_key`, … (`key`
 * anywhere, as the URL list always had it: `keyId` and `monkey` too — when in doubt, redact).
 */
export const SENSITIVE_NAME =
  /passw(or)?d|passphrase|pwd|secret|token|key|signature|credential|authoriz|authent|auth(?!or)|session|cookie|jwt|bearer|saml|assertion|creditcard|cardnumber|cvv|cvc|iban/;

/** Names that are sensitive only as a whole (too short to look for inside other names). */
export const SENSITIVE_EXACT_NAME = new Set(['sig', 'sid', 'code', 'pin', 'pass', 'pw', 'hash', 'salt', 'card', 'otp', 'ssn']);

/** Normal form of a name: decoded, lower case, letters and digits only (bounded to 256 chars). */
export function normalizeName(name: string): string {
  let text = name.length > 256 ? name.slice(0, 256) : name;
  for (let round = 0; round < 3 && text.includes('%'); round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      // invalid escapes: decode the valid %XX pairs one by one
      decoded = text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    if (decoded === text) break;
    text = decoded;
  }
  return text.toLowerCase().replace(/[^a-z0-9\u0080-\uffff]+/g, '');
}

// Apps repeat their parameter and field names: answers for short names are kept (bounded).
const answers = new Map<string, boolean>();
const MAX_ANSWERS = 1024;

/** True when a parameter, field or header name looks like it holds a secret. */
export function isSensitiveName(name: string): boolean {
  if (name.length > 64) return test(name);
  let answer = answers.get(name);
  if (answer === undefined) {
    answer = test(name);
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(name, answer);
  }
  return answer;
}

function test(name: string): boolean {
  const normal = normalizeName(name);
  if (normal === '') return false;
  if (SENSITIVE_EXACT_NAME.has(normal)) return true;
  return SENSITIVE_NAME.test(normal);
}

/**
 * The attacks themselves: values that broke, or could break, an edge that trusts
 * its input. Strings are as a client means them; the generator encodes them for
 * the part of the request they go into (path, query, header, JSON).
 */

/** Ids that are not ids: numbers-that-are-not, injection, traversal, near-UUIDs. */
export const HOSTILE_IDS = [
  '0',
  '-1',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '1e309',
  'null',
  'undefined',
  'true',
  ' ',
  '\\',
  '..',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  "' OR '1'='1",
  "1'; drop table users; --",
  '1 union select * from users',
  '$where',
  '{"$gt":""}',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202e',
  '😀',
  'é',
  '\n',
  '\r\n',
  '\t',
  'x'.repeat(37),
  'x'.repeat(101),
  'urn:uuid:0190f0f0-0000-7000-8000-000000000000',
  '{0190f0f0-0000-7000-8000-000000000000}',
  '0190f0f000007000800000000000000',
  '0190f0f0-0000-7000-8000-00000000000g',
  '0190f0f0-0000-7000-8000-000000000000 ',
  '0190F0F0-0000-7000-8000-000000000000',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Raw percent-escapes for paths and query strings (some are not valid UTF-8, some not valid escapes). */
export const RAW_ESCAPES = ['%', '%zz', '%0', '%00', '%ff', '%fe%ff', '%c0%af', '%c0%ae%c0%ae%2f', '%ed%a0%80', '%e2%80%ae', '%2e%2e%2f', '%252e', '%u0041', '%0d%0a', '%20', '%5c', '%2f', '%3f', '%23'];

/** Strings that stores or parsers choke on. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'abc\u0000def',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  '\u0001\u0002\u0003\u001f\u007f',
  '\u2028\u2029',
  '\ufeff',
  '\u202etxt.exe',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '😀'.repeat(50),
  "'; drop table auctions; --",
  '" OR ""="',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '%ff',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '__proto__',
  'constructor',
  '0000-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '9999-12-31T23:59:60Z',
  '2024-01-01T00:00:00+99:99',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999-23:59',
  'x'.repeat(300),
  'x'.repeat(5000),
];

/** Numbers at and past every bound that matters (int4, bigint, 2^53, IEEE specials via JSON text). */
export const HOSTILE_NUMBERS_JSON = [
  '0',
  '-0',
  '-1',
  '1.5',
  '0.1',
  '1e-7',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '1e12',
  '1000000000001',
  '1e308',
  '1e309',
  '-1e309',
  '123456789012345678901234567890',
  '1.0',
  '1E2',
];

/** Query-string spellings of numbers that are not (or not safely) numbers. */
export const HOSTILE_NUMBERS_QUERY = ['Infinity', '-Infinity', 'NaN', '1e309', '9007199254740993', '2147483648', '-1', '1.5', '0x10', '1e3', '', ' 1', '1 ', '+1', '١٢', '0b1', '1_000'];

/** Authorization header values. */
export const HOSTILE_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'bearer gv_x',
  'Bearer gv_' + 'A'.repeat(43),
  'Bearer ' + 'x'.repeat(4000),
  'Bearer %',
  'Bearer é',
  'Basic dXNlcjpwYXNz',
  'Bearer a b c',
  'Token abc',
  'Bearer null',
  'Bearer undefined',
  "Bearer ' OR 1=1 --",
];

/** Cookie header values (the session cookie with bad escapes among them). */
export const HOSTILE_COOKIES = [
  'gavel_session=%',
  'gavel_session=%E0%A4%A',
  'gavel_session=%zz',
  'gavel_session=%00',
  'gavel_session=%ff%fe',
  'gavel_session=',
  'gavel_session',
  '=gavel_session',
  'gavel_session=a; gavel_session=b',
  'gavel_session="quoted"',
  ';;;;',
  'a=b; gavel_session=' + 'x'.repeat(3000),
  'gavel_session=gv_%2e%2e%2f',
];

/** Content types for JSON routes, right and wrong. */
export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/JSON',
  'application/json, text/plain',
  'application/jsonx',
  'application/problem+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'image/png',
  'application/octet-stream',
  '*/*',
  ';;;',
  'application/json; charset=',
  'application/json; boundary="',
  'x'.repeat(1000),
];

/** Idempotency-Key, Last-Event-ID, Origin and other headers the app reads. */
export const HOSTILE_HEADER_VALUES = ['', ' ', 'é', 'x'.repeat(300), '-1', '1e3', 'NaN', '99999999999999999999', 'null', 'http://evil.example', '*', '%00', "' OR 1=1"];

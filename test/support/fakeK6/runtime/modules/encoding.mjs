// `k6/encoding`: base64 in k6's four variants.
const variants = { std: 'base64', rawstd: 'base64', url: 'base64url', rawurl: 'base64url' };

function bytesOf(input) {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof ArrayBuffer) return Buffer.from(input);
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('b64encode: input must be a string or ArrayBuffer');
}

export function b64encode(input, encoding = 'std') {
  let out = bytesOf(input).toString(variants[encoding] ?? 'base64');
  if (encoding === 'rawstd') out = out.replace(/=+$/, '');
  if (encoding === 'url') out = out.padEnd(Math.ceil(out.length / 4) * 4, '=');
  return out;
}

export function b64decode(input, encoding = 'std', format) {
  const bytes = Buffer.from(String(input), variants[encoding] ?? 'base64');
  if (format === 's') return bytes.toString('utf8');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export default { b64encode, b64decode };

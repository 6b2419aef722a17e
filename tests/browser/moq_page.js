// Helpers shared by the browser test pages: bytes, QUIC varints, transfork-02 paths, buffered
// stream reads, the Subscribe message and a WebTransport session with its setup done.

function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...arrays) {
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

// QUIC varint, for the small values this page sends.
function varint(value) {
  if (value < 0x40) return new Uint8Array([value]);
  if (value < 0x4000) return new Uint8Array([0x40 | (value >> 8), value & 0xff]);
  return new Uint8Array([0x80 | (value >>> 24), (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
}

function encodePath(parts) {
  const encoded = parts.map((part) => {
    const bytes = new TextEncoder().encode(part);
    return concat(varint(bytes.length), bytes);
  });
  return concat(varint(parts.length), ...encoded);
}

// Buffered reads from a stream's readable side.
class StreamReader {
  constructor(readable) {
    this.reader = readable.getReader();
    this.buffer = new Uint8Array(0);
  }
  async fill(n) {
    while (this.buffer.length < n) {
      const { value, done } = await this.reader.read();
      if (done) return false;
      this.buffer = concat(this.buffer, value);
    }
    return true;
  }
  // null at the end of the stream.
  async varint() {
    if (!(await this.fill(1))) return null;
    const length = 1 << (this.buffer[0] >> 6);
    if (!(await this.fill(length))) throw new Error('stream ended inside a varint');
    let value = this.buffer[0] & 0x3f;
    for (let i = 1; i < length; i++) value = value * 256 + this.buffer[i];
    this.buffer = this.buffer.subarray(length);
    return value;
  }
  async bytes(n) {
    if (!(await this.fill(n))) throw new Error('stream ended inside a frame');
    const out = this.buffer.slice(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
  // A path: count, then each part as a string; returned joined by '/'.
  async path() {
    const parts = [];
    for (let count = await this.varint(); parts.length < count;) {
      parts.push(new TextDecoder().decode(await this.bytes(await this.varint())));
    }
    return parts.join('/');
  }
  // Resolves at the end of the stream (reading and dropping what comes first).
  async drain() {
    while (!(await this.reader.read()).done) {}
  }
}

// Subscribe stream: type 2, id, path, priority 0, descending, no expiry, no bounds.
function subscribeMessage(id, track) {
  return concat(varint(2), varint(id), encodePath(track.split('/')), new Uint8Array([0x80]), varint(1),
                varint(0), varint(0), varint(0));
}

// A session whose setup is done; returns the transport and the session stream's writer.
// fingerprint: hex SHA-256 of the server's certificate.
async function connect(url, fingerprint) {
  const transport = new WebTransport(url, {
    serverCertificateHashes: [{ algorithm: 'sha-256', value: hexToBytes(fingerprint) }],
  });
  await transport.ready;
  // Session stream: type 0, ClientSetup offering 0xff0bad02 without extensions.
  const session = await transport.createBidirectionalStream();
  const writer = session.writable.getWriter();
  await writer.write(hexToBytes('0001c0000000ff0bad0200'));
  const setup = new StreamReader(session.readable);
  const version = await setup.varint();
  if (version !== 0xff0bad02) throw new Error('ServerSetup version ' + version);
  const extensions = await setup.varint();
  for (let i = 0; i < extensions; i++) {
    await setup.varint();
    await setup.bytes(await setup.varint());
  }
  return { transport, writer };
}

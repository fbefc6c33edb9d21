import busboy from 'busboy';

/** The one file of a `multipart/form-data` body already read into memory, by field name; null when absent. */
export function fileFromMultipart(
  body: Buffer,
  contentType: string,
  field: string,
): Promise<{ bytes: Buffer; fileName: string | null } | null> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1 } }); // the body parser bounded the size
    } catch (err) {
      return reject(err instanceof Error ? err : new Error(String(err))); // no boundary, not multipart
    }
    let found: { bytes: Buffer; fileName: string | null } | null = null;
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject); // a part cut short
      stream.on('end', () => {
        if (name === field && !found) found = { bytes: Buffer.concat(chunks), fileName: info.filename || null };
      });
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(found));
    parser.end(body);
  });
}

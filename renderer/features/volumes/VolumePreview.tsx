// SPDX-License-Identifier: Apache-2.0
/** A volume file's preview: image, first rows of a table, pretty JSON, text, or a note for binary files. */
import type { FilePreview } from './preview-model';

/** The preview of `name`. */
export function VolumePreview({ name, preview, truncated }: { name: string; preview: FilePreview; truncated: boolean }) {
  const cut = truncated ? <p className="muted small">Only the first 1 MiB is shown; download the file for all of it.</p> : null;
  switch (preview.kind) {
    case 'image':
      return <img className="vol-image" src={preview.src} alt={name} data-testid="volume-preview-image" />;
    case 'table':
      return (
        <div className="vol-table-wrap" data-testid="volume-preview-table">
          <table className="table compact">
            <thead>
              <tr>
                {preview.header.map((h, i) => (
                  <th key={i}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.more && <p className="muted small">The first {preview.rows.length} rows are shown.</p>}
        </div>
      );
    case 'json':
    case 'text':
      return (
        <>
          <pre className="vol-text" data-testid="volume-preview-text">
            {preview.text}
          </pre>
          {cut}
        </>
      );
    case 'binary':
      return <p className="muted">{name} is not text or an image MLDeck shows; download it to open it.</p>;
  }
}

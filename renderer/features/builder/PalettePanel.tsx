// SPDX-License-Identifier: Apache-2.0
/** The palette: search, the components (click or drag onto the canvas to add), and opening component files. Data: use-palette.ts. */
import { paletteDragType } from './BuilderCanvas';
import type { usePalette } from './use-palette';

export function PalettePanel({ palette }: { palette: ReturnType<typeof usePalette> }) {
  return (
    <aside className="builder-palette" data-testid="builder-palette">
      <h3>Components</h3>
      <input
        className="input"
        placeholder="Search components"
        value={palette.query}
        onChange={(e) => palette.setQuery(e.target.value)}
        aria-label="Search components"
      />
      <label className="btn ghost builder-file">
        Open component file…
        <input
          type="file"
          accept=".yaml,.yml,.json"
          data-testid="palette-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void palette.openFile(f);
            e.target.value = '';
          }}
        />
      </label>
      {palette.fileError && <div className="note error small">{palette.fileError}</div>}
      {palette.loading && <div className="muted small">Reading the cluster’s pipelines…</div>}
      {palette.clusterProblems.map((p) => (
        <div key={p} className="note small">
          {p}
        </div>
      ))}
      <ul className="builder-palette-list">
        {palette.entries.map((e) => (
          <li key={e.key}>
            <button
              className="builder-palette-item"
              draggable
              data-testid={`palette-${e.component.name}`}
              title={`${e.description ?? ''}\n${e.summary}`.trim()}
              onDragStart={(ev) => {
                ev.dataTransfer.setData(paletteDragType, e.key);
                ev.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => palette.add(e.key)}
            >
              <strong>{e.component.name}</strong>
              <span className="muted small">{e.origin}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

// SPDX-License-Identifier: Apache-2.0
/**
 * The lineage of one project's registry objects, by the rules of Feast 0.67's
 * `RegistryLineageGenerator._parse_direct_relationships` (feast/lineage/registry_lineage.py),
 * applied to ProtoJSON objects, for registries MLDeck reads without a server (a registry file).
 * Like Feast's own `/lineage/registry` it is built without the saved datasets (Feast's
 * `_build_registry_proto` leaves them out; feast-wire.ts's `withSavedDatasetEdges` adds their edges
 * for every kind of registry alike). A batch source without a name gets no edge (Feast names it
 * from a hash of the source's text, which MLDeck cannot reproduce). Pure.
 */

/** A ProtoJSON object, as far as the lineage reads it. */
type Obj = Record<string, unknown>;

/** One relationship as Feast's REST API answers it. */
export interface WireRelation {
  source: { type: string; name: string };
  target: { type: string; name: string };
}

/** The project's objects the lineage reads (ProtoJSON, one project's). */
export interface LineageObjects {
  featureViews: Obj[];
  onDemandFeatureViews: Obj[];
  streamFeatureViews: Obj[];
  labelViews: Obj[];
  featureServices: Obj[];
}

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const spec = (o: Obj): Obj => obj(o.spec);

/** The direct relationships of a project's objects, in Feast's order. */
export function registryLineage(o: LineageObjects): WireRelation[] {
  const out: WireRelation[] = [];
  const rel = (st: string, sn: string, tt: string, tn: string) => out.push({ source: { type: st, name: sn }, target: { type: tt, name: tn } });

  const labelViewNames = new Set(o.labelViews.map((lv) => str(spec(lv).name)).filter(Boolean));
  for (const fs of o.featureServices) {
    const s = spec(fs);
    for (const p of arr(s.features).map(obj)) {
      const view = str(p.featureViewName);
      const isLabel = str(p.viewType) === 'labelView' || labelViewNames.has(view);
      rel(isLabel ? 'labelView' : 'featureView', view, 'featureService', str(s.name));
    }
  }

  for (const fv of o.featureViews) {
    const s = spec(fv);
    const name = str(s.name);
    for (const e of arr(s.entities)) rel('entity', str(e), 'featureView', name);
    for (const f of arr(s.features).map(obj)) rel('feature', str(f.name), 'featureView', name);
    const source = str(obj(s.batchSource).name);
    if (source) rel('dataSource', source, 'featureView', name);
  }

  for (const odfv of o.onDemandFeatureViews) {
    const s = spec(odfv);
    const name = str(s.name);
    for (const e of arr(s.entities)) rel('entity', str(e), 'featureView', name);
    for (const f of arr(s.features).map(obj)) rel('feature', str(f.name), 'featureView', name);
  }
  for (const odfv of o.onDemandFeatureViews) {
    const s = spec(odfv);
    for (const src of Object.values(obj(s.sources)).map(obj)) {
      const request = str(obj(src.requestDataSource).name);
      const projected = str(obj(src.featureViewProjection).featureViewName);
      if (src.requestDataSource !== undefined && request) rel('dataSource', request, 'featureView', str(s.name));
      else if (src.featureViewProjection !== undefined && projected) rel('featureView', projected, 'featureView', str(s.name));
    }
  }

  for (const sfv of o.streamFeatureViews) {
    const s = spec(sfv);
    const stream = str(obj(s.streamSource).name);
    if (stream) rel('dataSource', stream, 'featureView', str(s.name));
    const batch = str(obj(s.batchSource).name);
    if (batch) rel('dataSource', batch, 'featureView', str(s.name));
  }

  for (const lv of o.labelViews) {
    const s = spec(lv);
    const name = str(s.name);
    for (const e of arr(s.entities)) rel('entity', str(e), 'labelView', name);
    if (s.source !== undefined) {
      const source = obj(s.source);
      if (str(source.name)) rel('dataSource', str(source.name), 'labelView', name);
      const batch = str(obj(source.batchSource).name);
      if (batch) rel('dataSource', batch, 'labelView', name);
    } else {
      const batch = str(obj(s.batchSource).name);
      if (batch) rel('dataSource', batch, 'labelView', name);
    }
  }
  return out;
}

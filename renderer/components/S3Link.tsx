// SPDX-License-Identifier: Apache-2.0
/**
 * An `s3://…` location shown anywhere in MLDeck (a model version's storage URI, an
 * InferenceService's storageUri, a KFP artifact, a Katib or training-job path): the URI as a link
 * that opens it in the storage browser of that cluster. Anything else is shown as plain text.
 * {@link S3Text} does it for the `s3://…` parts of a longer text (a job's command line, `--data=s3://…`).
 */
import { useRouter } from '../app/router';

/** Whether a location opens in the storage browser. */
export function isS3Location(uri: string | undefined): uri is string {
  return !!uri && /^(s3|s3a|minio):\/\/[^/\s]+/.test(uri);
}

/** The link. */
export function S3Link({ clusterId, uri, label }: { clusterId: string; uri: string | undefined; label?: string }) {
  const go = useRouter((s) => s.go);
  if (!isS3Location(uri)) return <code>{uri ?? ''}</code>;
  return (
    <a
      href={`#/storage/${encodeURIComponent(clusterId)}?uri=${encodeURIComponent(uri)}`}
      className="s3-link"
      title={`Open ${uri} in Storage`}
      data-testid="s3-link"
      onClick={(e) => {
        e.preventDefault();
        go({ page: 'storage', clusterId, uri });
      }}
    >
      <code>{label ?? uri}</code>
    </a>
  );
}

const s3InText = /(?:s3|s3a|minio):\/\/[^/\s"'`,;]+[^\s"'`,;]*/g;

/** The `s3://…` locations in a text. */
export function s3Parts(text: string): { text: string; s3: boolean }[] {
  const out: { text: string; s3: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(s3InText)) {
    if ((m.index ?? 0) > at) out.push({ text: text.slice(at, m.index), s3: false });
    out.push({ text: m[0], s3: true });
    at = (m.index ?? 0) + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), s3: false });
  return out;
}

/** A text (a command line, an argument, a value) whose `s3://…` parts open in the storage browser. */
export function S3Text({ clusterId, text }: { clusterId: string; text: string }) {
  return <>{s3Parts(text).map((p, i) => (p.s3 ? <S3Link key={i} clusterId={clusterId} uri={p.text} /> : <span key={i}>{p.text}</span>))}</>;
}

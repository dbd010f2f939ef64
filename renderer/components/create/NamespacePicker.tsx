// SPDX-License-Identifier: Apache-2.0
/** The namespace picker of a create page's toolbar: the cluster's namespaces, and the form's own even when it is not listed. */
import { Picker } from './Picker';

/** The picker. */
export function NamespacePicker(props: { value: string; namespaces: readonly string[] | undefined; onChange(ns: string): void; testId?: string }) {
  const options = [...new Set([props.value, ...(props.namespaces ?? [])])].filter(Boolean);
  return <Picker label="Namespace" value={props.value} options={options} onChange={props.onChange} {...(props.testId ? { testId: props.testId } : {})} />;
}

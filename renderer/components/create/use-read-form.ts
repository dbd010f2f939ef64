// SPDX-License-Identifier: Apache-2.0
/**
 * The form a create page starts from when it is read from the cluster (a clone of an object, a
 * job to tune): read once the flow asks for it (`wanted`: no draft was kept), again when `key`
 * changes; a late answer for an older key is dropped, a failure kept as an AppError.
 */
import { useEffect, useRef, useState } from 'react';
import { asAppError, type AppError } from '../../../shared/errors';

/**
 * The read form and the error its read ended with.
 * @param key - what is read
 * @param read - reads the object and makes the form of it; undefined when nothing is read (a fresh form)
 */
export function useReadForm<F>(key: string, wanted: boolean, read: (() => Promise<F>) | undefined): { form: F | undefined; error: AppError | undefined } {
  const [form, setForm] = useState<F | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const readRef = useRef(read);
  readRef.current = read;
  useEffect(() => {
    setForm(undefined);
    setError(undefined);
    if (!readRef.current || !wanted) return;
    let live = true;
    readRef.current().then(
      (f) => live && setForm(f),
      (e: unknown) => live && setError(asAppError(e)),
    );
    return () => {
      live = false;
    };
  }, [key, wanted]);
  return { form, error };
}

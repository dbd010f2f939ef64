// SPDX-License-Identifier: Apache-2.0
/** The upload dialog's state: the chosen file read as text, name (suggested from the file), description and namespace. */
import { useCallback, useState } from 'react';
import { emptyUpload, nameFromFile, type UploadForm } from './upload-form-model';

/** The form and its setters. */
export function useUploadForm(initialName = '') {
  const [form, setForm] = useState<UploadForm>({ ...emptyUpload, name: initialName });
  const [reading, setReading] = useState(false);
  const chooseFile = useCallback(async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    try {
      const yaml = await file.text();
      setForm((f) => ({ ...f, fileName: file.name, yaml, name: f.name || nameFromFile(file.name) }));
    } finally {
      setReading(false);
    }
  }, []);
  const set = useCallback(<K extends keyof UploadForm>(key: K, value: UploadForm[K]) => setForm((f) => ({ ...f, [key]: value })), []);
  return { form, reading, chooseFile, set };
}

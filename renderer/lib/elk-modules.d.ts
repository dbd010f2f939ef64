// SPDX-License-Identifier: Apache-2.0
/** elkjs' prebuilt layout worker, bundled by Vite as a module worker (`?worker`). */
declare module 'elkjs/lib/elk-worker.min.js?worker' {
  const WorkerFactory: new () => Worker;
  export default WorkerFactory;
}

// SPDX-License-Identifier: Apache-2.0
/** The renderer entry: pick the transport, make the client, render the app. Wiring only. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createApiClient } from './lib/api/client';
import { setApi } from './lib/api/api-context';
import { pickTransport } from './lib/api/pick-transport';
import './lib/theme';
import './styles/app.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
try {
  // browser mode may first exchange a one-time code for the session token
  const { transport, socket } = await pickTransport();
  setApi(createApiClient(transport), socket);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} catch (e) {
  root.render(
    <div className="page error-page" role="alert">
      <h1>MLDeck cannot start here</h1>
      <p>{e instanceof Error ? e.message : String(e)}</p>
    </div>,
  );
}

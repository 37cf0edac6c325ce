import { render } from 'solid-js/web';
import { App } from './App';
import './styles.css';
import { openProviders } from './sync/docs';

render(() => <App />, document.getElementById('root')!);

// Diagnostics (and the e2e tests' way to cut and restore sync, since setOffline keeps WebSockets open).
Object.assign(window, {
  kaonSync: {
    disconnect: () => openProviders().forEach((p) => p.disconnect()),
    connect: () => openProviders().forEach((p) => p.connect()),
  },
});

// The service worker keeps the app shell so a reload works with the server unreachable (client/public/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';

// `?runner` turns the page into the headless runner's harness (no UI).
if (new URLSearchParams(location.search).has('runner')) {
  void import('./runner/harness');
} else {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

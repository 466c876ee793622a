import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startOffline } from './offline';
import './tokens.css';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
startOffline();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

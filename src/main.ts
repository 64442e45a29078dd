import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/styles.css';
import { theme } from './ui/theme.svelte.ts';
import { framedByAnotherOrigin, showFramedRefusal } from './ui/frame-guard.ts';

const target = document.getElementById('app');
if (!target) throw new Error('Credence: #app element missing from index.html');

theme.apply();
const framed = framedByAnotherOrigin(window);
if (framed) showFramedRefusal(target, location.href);
export default framed ? null : mount(App, { target });

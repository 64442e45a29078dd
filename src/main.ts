import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/styles.css';
import { theme } from './ui/theme.svelte.ts';

const target = document.getElementById('app');
if (!target) throw new Error('Credence: #app element missing from index.html');

theme.apply();
export default mount(App, { target });

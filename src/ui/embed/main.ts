// The embed page (embed.html): a read-only results card for one iteration, made for an iframe.
import { mount } from 'svelte';
import '../styles.css';
import { embedThemeFromSearch } from '../../lib/share/snapshot-links.ts';
import { registerServiceWorker } from '../share/service-worker.svelte.ts';
import EmbedCard from './EmbedCard.svelte';
import { reportHeightToParent } from './height-reporter.ts';

const target = document.getElementById('embed');
if (!target) throw new Error('Credence: #embed element missing from embed.html');

const theme = embedThemeFromSearch(location.search);
if (theme !== 'auto') document.documentElement.dataset.theme = theme;

// The frame's height is the card's: no page margin around it.
document.body.style.margin = '0';
document.body.style.padding = '0';
mount(EmbedCard, { target });
reportHeightToParent(target);
registerServiceWorker();

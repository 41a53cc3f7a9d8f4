import { mount } from 'svelte';
import App from './App.svelte';
import '@/entrypoints/shared/base.css';
import './popup.css';

mount(App, { target: document.getElementById('app') as HTMLElement });

// The theme's script entry (built by Vite beside theme.css). Each feature is its own module.
import './search.js';
import './code.js';
import './diagrams.js';

// The photo viewer's import of src/app/after-paint.ts (the shell uses it too), kept here so
// that the viewer's files need no change while other work touches them.
export { afterNextPaint } from '../../after-paint';

import { Component } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { BrandMark } from '../brand-mark/brand-mark';

/**
 * The app shell (app.config.server.ts): what every screen rendered in the browser shows
 * while the app loads, painted from index.html. Neutral on purpose: the same for a signed-in
 * user and a visitor (who will be sent to sign in), the signed-in frame's bar (../shell)
 * with the brand only. Rendered at build time; never part of the browser's bundles.
 */
@Component({
  selector: 'app-shell-frame',
  imports: [MatToolbarModule, BrandMark],
  templateUrl: './app-shell-frame.html',
  styleUrl: '../shell.scss',
})
export class AppShellFrame {}

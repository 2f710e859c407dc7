import { Component, signal } from '@angular/core';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { injectAfterFirstPaint } from '../after-paint';
import { ConnectionIndicator } from './connection-indicator/connection-indicator';
import { LanguageSwitch } from '../i18n/language-switch';
import { BrandMark } from './brand-mark/brand-mark';
import { AccountControls } from './account-controls/account-controls';

/** The signed-in frame: product name, live-update status, the user and their studio, sign out. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    MatToolbarModule,
    ConnectionIndicator,
    LanguageSwitch,
    BrandMark,
    AccountControls,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  /**
   * The bar's controls (language, live status, notifications, account) from the task after
   * the first paint: the screen's first render is the app's longest task, and Material's
   * buttons and menu trigger, their styles and the notification permission's read were a
   * fifth to a third of it (issue 22's Total Blocking Time). The app shell painted from the
   * document has none of them either, so the bar looks the same until they come.
   */
  protected readonly controlsShown = injectAfterFirstPaint(signal(true));
}

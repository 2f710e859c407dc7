import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { NotificationSettings } from '../notifications/notification-settings';
import { ConnectionIndicator } from './connection-indicator/connection-indicator';
import { LanguageSwitch } from '../i18n/language-switch';
import { BrandMark } from './brand-mark/brand-mark';
import { roleLabel } from '../i18n/labels';

/** The signed-in frame: product name, live-update status, the user and their studio, sign out. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
    ConnectionIndicator,
    LanguageSwitch,
    BrandMark,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly auth = inject(AuthService);

  private readonly notificationSettings = inject(NotificationSettings);

  protected readonly user = this.auth.user;
  protected readonly notifications = this.notificationSettings.state;
  protected readonly initials = computed(() => {
    const name = this.user()?.name.trim() || this.user()?.email || '?';
    return name
      .split(/[\s@.]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join('');
  });
  /** The studio's name when the session carries it, else the role. */
  protected readonly organization = computed(() => {
    const user = this.user();
    if (!user) return '';
    return user.orgName || roleLabel(user.role);
  });

  protected signOut(): void {
    this.auth.signOut();
  }

  /** Permission is asked here, from the click, never on load. */
  protected toggleNotifications(): void {
    if (this.notifications() === 'on') this.notificationSettings.disable();
    else void this.notificationSettings.enable();
  }
}

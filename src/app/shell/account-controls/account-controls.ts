import { Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { AuthService } from '../../auth/auth.service';
import { roleLabel } from '../../i18n/labels';
import { NotificationSettings } from '../../notifications/notification-settings';

/** The signed-in person's controls at the bar's end: notify me when away, and the account menu. */
@Component({
  selector: 'app-account-controls',
  imports: [MatButtonModule, MatMenuModule],
  templateUrl: './account-controls.html',
  styleUrl: './account-controls.scss',
})
export class AccountControls {
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

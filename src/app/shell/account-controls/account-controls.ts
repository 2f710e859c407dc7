import { NgComponentOutlet, NgTemplateOutlet } from '@angular/common';
import { Component, computed, inject, signal, type Type } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../auth/auth.service';
import { roleLabel } from '../../i18n/labels';
import { NotificationSettings } from '../../notifications/notification-settings';
import { ChunkOnClick } from '../../chunk-on-click';
import type { AccountMenu, MenuOpener } from './account-menu';
import { ACCOUNT_MENU_LOADER } from './account-menu-loader';

/**
 * The signed-in person's controls at the bar's end: notify me when away, and the account
 * menu, whose code loads on its first use (AccountMenu).
 */
@Component({
  selector: 'app-account-controls',
  imports: [MatButtonModule, NgComponentOutlet, NgTemplateOutlet],
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

  private readonly loadMenu = inject(ACCOUNT_MENU_LOADER);
  /** The account menu's chunk, loaded by the first click on the account button. */
  protected readonly menuChunk = new ChunkOnClick(this.loadMenu, 'The account menu', 'shell');
  /** The menu once loaded, and how the click that asked for it was made. */
  protected readonly menu = signal<{ component: Type<AccountMenu>; openedBy: MenuOpener } | null>(
    null,
  );

  protected async askMenu(event: MouseEvent): Promise<void> {
    // A click from Enter or Space has no pointer, and counts no clicks.
    const openedBy = event.detail === 0 ? 'keyboard' : 'mouse';
    const component = await this.menuChunk.get();
    if (component) this.menu.set({ component, openedBy });
  }

  /**
   * A pointer over the button: the chunk starts loading before the click (a failure is the
   * click's to say).
   */
  protected prefetchMenu(): void {
    this.loadMenu().catch(() => undefined);
  }

  /** Permission is asked here, from the click, never on load. */
  protected toggleNotifications(): void {
    if (this.notifications() === 'on') this.notificationSettings.disable();
    else void this.notificationSettings.enable();
  }
}

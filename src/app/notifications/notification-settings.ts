import { Injectable, signal } from '@angular/core';

/** Whether the photographer wants system notifications, and whether the browser lets us. */
export type NotificationChoice = 'unsupported' | 'off' | 'on' | 'blocked';

/** Remembered per browser (every tab follows a change); revoked by turning it off. */
export const NOTIFICATIONS_KEY = 'photoflow.notifications';

/**
 * The opt-in: off until the photographer asks, and the browser's permission is requested
 * only then (from that click), never on load.
 */
@Injectable({ providedIn: 'root' })
export class NotificationSettings {
  private readonly choice = signal<NotificationChoice>(this.read());
  readonly state = this.choice.asReadonly();

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('storage', (event) => {
      if (event.key === NOTIFICATIONS_KEY || event.key === null) this.choice.set(this.read());
    });
  }

  /** From a click: asks the browser's permission when it was never asked. */
  async enable(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    if (permission === 'granted') localStorage.setItem(NOTIFICATIONS_KEY, 'on');
    this.choice.set(this.read());
  }

  disable(): void {
    localStorage.setItem(NOTIFICATIONS_KEY, 'off');
    this.choice.set(this.read());
  }

  /** True when a notification may be shown now. */
  isOn(): boolean {
    return this.read() === 'on';
  }

  private read(): NotificationChoice {
    if (typeof Notification === 'undefined') return 'unsupported';
    if (Notification.permission === 'denied') return 'blocked';
    const wanted = localStorage.getItem(NOTIFICATIONS_KEY) === 'on';
    return wanted && Notification.permission === 'granted' ? 'on' : 'off';
  }
}

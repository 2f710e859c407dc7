import { TestBed } from '@angular/core/testing';
import { NOTIFICATIONS_KEY, NotificationSettings } from './notification-settings';

/** The browser's Notification permission, asked only through requestPermission. */
function fakeNotification(permission: NotificationPermission, answer: NotificationPermission) {
  const fake = {
    permission,
    requestPermission: vi.fn(async () => {
      fake.permission = answer;
      return answer;
    }),
  };
  vi.stubGlobal('Notification', fake);
  return fake;
}

describe('NotificationSettings (the opt-in)', () => {
  beforeEach(() => localStorage.removeItem(NOTIFICATIONS_KEY));
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.removeItem(NOTIFICATIONS_KEY);
  });

  it('never asks on load; asks on the click, and remembers the choice', async () => {
    const browser = fakeNotification('default', 'granted');
    const settings = TestBed.inject(NotificationSettings);
    expect(settings.state()).toBe('off');
    expect(browser.requestPermission).not.toHaveBeenCalled();
    await settings.enable();
    expect(browser.requestPermission).toHaveBeenCalledTimes(1);
    expect(settings.state()).toBe('on');
    expect(localStorage.getItem(NOTIFICATIONS_KEY)).toBe('on');
    settings.disable();
    expect(settings.state()).toBe('off');
    expect(settings.isOn()).toBe(false);
  });

  it('says when the browser blocks them, and stays off', async () => {
    fakeNotification('default', 'denied');
    const settings = TestBed.inject(NotificationSettings);
    await settings.enable();
    expect(settings.state()).toBe('blocked');
    expect(settings.isOn()).toBe(false);
  });
});

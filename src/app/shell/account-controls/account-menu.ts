import {
  afterNextRender,
  Component,
  inject,
  input,
  type TemplateRef,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { MatButton } from '@angular/material/button';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { AuthService } from '../../auth/auth.service';

/** What clicked the account button: a pointer, or Enter or Space. */
export type MenuOpener = 'mouse' | 'keyboard';

/**
 * The account button with its menu, in a chunk of its own with Material's menu and the
 * CDK's overlay (ACCOUNT_MENU_LOADER): until the first click, AccountControls shows a
 * stand-in with the same contents, so no screen loads or runs the menu's code before its
 * first paint. Since that click asked for the menu, it opens as soon as it is rendered,
 * with the focus moved as the trigger's own click would move it.
 */
@Component({
  selector: 'app-account-menu',
  imports: [MatButton, MatMenu, MatMenuItem, MatMenuTrigger, NgTemplateOutlet],
  template: `
    <button mat-button type="button" class="account" [matMenuTriggerFor]="menu">
      <ng-container [ngTemplateOutlet]="contents()" />
    </button>
    <mat-menu #menu="matMenu" xPosition="before">
      <div class="menu-head" role="presentation">
        <strong>{{ name() }}</strong>
        <span>{{ email() }}</span>
        <span>{{ organization() }}</span>
      </div>
      <button mat-menu-item type="button" (click)="signOut()" i18n>Sign out</button>
    </mat-menu>
  `,
  styleUrl: './account-menu.scss',
})
export class AccountMenu {
  private readonly auth = inject(AuthService);

  /** The button's contents, the stand-in's own (the avatar, who and which studio). */
  readonly contents = input.required<TemplateRef<unknown>>();
  readonly name = input.required<string>();
  readonly email = input.required<string>();
  readonly organization = input.required<string>();
  readonly openedBy = input<MenuOpener>('mouse');

  private readonly trigger = viewChild.required(MatMenuTrigger);

  constructor() {
    afterNextRender(() => {
      const trigger = this.trigger();
      trigger.focus(this.openedBy());
      trigger.openMenu();
      // The first item, focused by the same means (openMenu alone says 'program').
      trigger.menu?.focusFirstItem?.(this.openedBy());
    });
  }

  protected signOut(): void {
    this.auth.signOut();
  }
}

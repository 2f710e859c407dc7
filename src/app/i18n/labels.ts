/**
 * The backend's names (album states, tag types and statuses, roles, triggers) as the
 * photographer reads them. The wire keeps the names; only what is shown is translated.
 * A name newer than the app is shown as it came.
 */

export function stageLabel(state: string): string {
  switch (state) {
    case 'Init':
      return $localize`:album stage|A stage of the album workflow:Init`;
    case 'Raw':
      return $localize`:album stage|A stage of the album workflow:Raw`;
    case 'Stock':
      return $localize`:album stage|A stage of the album workflow:Stock`;
    case 'Rate':
      return $localize`:album stage|A stage of the album workflow:Rate`;
    case 'Retouch':
      return $localize`:album stage|A stage of the album workflow:Retouch`;
    case 'Feedback':
      return $localize`:album stage|A stage of the album workflow:Feedback`;
    case 'Revision':
      return $localize`:album stage|A stage of the album workflow:Revision`;
    case 'Approved':
      return $localize`:album stage|A stage of the album workflow:Approved`;
    case 'Final':
      return $localize`:album stage|A stage of the album workflow:Final`;
    case 'Closed':
      return $localize`:album stage|A stage of the album workflow:Closed`;
    default:
      return state;
  }
}

/** A tag (photo set) by its type: "Raw" / "Ảnh gốc". */
export function tagLabel(type: string): string {
  switch (type) {
    case 'Raw':
      return $localize`:photo set|A photo set (tag) by its type:Raw`;
    case 'Stock':
      return $localize`:photo set|A photo set (tag) by its type:Stock`;
    case 'Rate':
      return $localize`:photo set|A photo set (tag) by its type:Rate`;
    case 'Retouch':
      return $localize`:photo set|A photo set (tag) by its type:Retouch`;
    case 'Final':
      return $localize`:photo set|A photo set (tag) by its type:Final`;
    default:
      return type;
  }
}

export function tagStatusLabel(status: string): string {
  switch (status) {
    case 'Pending':
      return $localize`:photo set status|A photo set (tag) sync status:Pending`;
    case 'Syncing':
      return $localize`:photo set status|A photo set (tag) sync status:Syncing`;
    case 'Ready':
      return $localize`:photo set status|A photo set (tag) sync status:Ready`;
    case 'Failed':
      return $localize`:photo set status|A photo set (tag) sync status:Failed`;
    default:
      return status;
  }
}

export function roleLabel(role: string): string {
  switch (role) {
    case 'org_admin':
      return $localize`:user role:Studio admin`;
    case 'photographer':
      return $localize`:user role:Photographer`;
    default:
      return role;
  }
}

/** What each photographer's trigger does, as its button says it; null for a trigger newer than the app. */
export function triggerLabel(trigger: string): string | null {
  switch (trigger) {
    case 'SyncRawTag':
      return $localize`:workflow button:Sync raw photos`;
    case 'SyncStockTag':
      return $localize`:workflow button:Create stock photos`;
    case 'ConfirmRate':
      return $localize`:workflow button:Confirm the client's picks`;
    case 'FinishRetouch':
      return $localize`:workflow button:Deliver retouched photos`;
    case 'Finish':
      return $localize`:workflow button:Finish the album`;
    case 'Close':
      return $localize`:workflow button:Close the album`;
    default:
      return null;
  }
}

/** The client's steps, as a sentence. */
export function clientStepSentence(trigger: string): string {
  switch (trigger) {
    case 'Rate':
      return $localize`Waiting for the client to finish rating.`;
    case 'RequestRevision':
    case 'ConfirmFeedback':
      return $localize`Waiting for the client’s feedback on the retouched photos.`;
    default:
      return $localize`Waiting for the client (${trigger}:trigger:).`;
  }
}

/**
 * Why a transition cannot be fired, in the caller's language: PhotoFlow answers in the
 * language of `Accept-Language` (its documented translatable responses), so the dev
 * backend does too for the reasons it writes. Unknown languages get English.
 */
import type { TransitionView } from '../workflow.ts';

const vietnamese: Readonly<Record<string, string>> = {
  'Waiting for the client': 'Đang chờ khách',
  'Only an organization admin can do this': 'Chỉ quản trị viên của studio mới làm được việc này',
  'Only the studio can do this': 'Chỉ studio mới làm được việc này',
  'A sync of this album is running': 'Album đang đồng bộ',
  'The Raw tag has no Drive folder': 'Bộ Ảnh gốc chưa có thư mục Drive',
  'The Raw tag is not Ready': 'Bộ Ảnh gốc chưa sẵn sàng',
  'The Retouch tag has no Drive folder': 'Bộ Ảnh chỉnh sửa chưa có thư mục Drive',
};

/** The first language of the header that we answer in: `vi` or `en`. */
export function answerLanguage(acceptLanguage: string | undefined): 'en' | 'vi' {
  for (const entry of (acceptLanguage ?? '').split(',')) {
    const language = entry.trim().split(';')[0]!.split('-')[0]!.toLowerCase();
    if (language === 'vi' || language === 'en') return language;
  }
  return 'en';
}

export function inLanguage(
  transitions: readonly TransitionView[],
  acceptLanguage: string | undefined,
): readonly TransitionView[] {
  if (answerLanguage(acceptLanguage) !== 'vi') return transitions;
  return transitions.map((view) =>
    view.reason ? { ...view, reason: vietnamese[view.reason] ?? view.reason } : view,
  );
}

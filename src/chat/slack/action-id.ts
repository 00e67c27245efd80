/** Slack wants `action_id` unique within a block: an index is appended on the way out and stripped on the way in. */

export function toSlackActionId(actionId: string, index: number): string {
  return `${actionId}#${index}`;
}

export function fromSlackActionId(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

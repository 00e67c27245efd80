/**
 * At start, each chat adapter checks that the channels it was given exist, so a mistyped channel id
 * is reported once, clearly, naming the variable — instead of every message to it failing later.
 * Only "no such channel" counts; a platform that cannot be reached says nothing about the id.
 */
export interface ChannelProblem {
  /** The variable that names the channel, e.g. `SLACK_INCIDENT_CHANNEL`. */
  variable: string;
  channel: string;
  /** One sentence: what is wrong and what to do. */
  text: string;
}

export async function checkChannels(
  channels: { variable: string; channel: string | undefined }[],
  exists: (channel: string) => Promise<boolean>,
  describe: (variable: string, channel: string) => string,
): Promise<ChannelProblem[]> {
  const problems: ChannelProblem[] = [];
  for (const { variable, channel } of channels) {
    if (!channel) continue;
    if (!(await exists(channel))) problems.push({ variable, channel, text: describe(variable, channel) });
  }
  return problems;
}

/** The checks Slack makes on Block Kit that Firebreak could get wrong; answers Slack's error code or undefined. */

const TEXT_LIMIT = 3000;

export function validateBlocks(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Record<string, any>[]) {
    if (block.type === 'section') {
      if (block.text && (typeof block.text.text !== 'string' || block.text.text.length === 0 || block.text.text.length > TEXT_LIMIT)) return 'invalid_blocks';
      if (block.fields && (block.fields.length > 10 || block.fields.some((f: any) => f.text.length > 2000))) return 'invalid_blocks';
      if (!block.text && !block.fields) return 'invalid_blocks';
    }
    if (block.type === 'header' && block.text?.text?.length > 150) return 'invalid_blocks';
    if (block.type === 'context' && (block.elements.length > 10 || block.elements.some((e: any) => e.text?.length > TEXT_LIMIT))) return 'invalid_blocks';
    if (block.type === 'actions') {
      if (block.elements.length > 25) return 'invalid_blocks';
      const ids = block.elements.map((e: any) => e.action_id);
      if (new Set(ids).size !== ids.length) return 'invalid_blocks';
      for (const e of block.elements) {
        if (e.type === 'button' && (e.text.text.length > 75 || (e.value ?? '').length > 2000)) return 'invalid_blocks';
        if (e.type === 'static_select' && (e.options.length > 100 || e.options.some((o: any) => o.value.length > 150 || o.text.text.length > 75))) return 'invalid_blocks';
      }
    }
  }
  return undefined;
}

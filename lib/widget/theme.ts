/** The brand colour an admin picks for a web channel, and the text colour drawn on it. */

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

export function isHexColour(value: string): boolean {
  return HEX_COLOUR.test(value);
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * White or near-black, whichever reads better on `background` (higher contrast ratio),
 * so any brand colour an admin picks keeps the launcher and header legible. The widget's
 * loader and app and the settings preview all use this one rule, so the preview shows
 * what visitors get.
 */
export function readableTextOn(background: string): "#ffffff" | "#111827" {
  if (!isHexColour(background)) return "#ffffff";
  const light = luminance(background);
  const onWhite = 1.05 / (light + 0.05);
  const onDark = (light + 0.05) / (luminance("#111827") + 0.05);
  return onWhite >= onDark ? "#ffffff" : "#111827";
}

"use client";

import * as React from "react";
import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * Light/dark theming via a `dark` class on <html>, following the OS setting until the
 * user picks one. The root <html> needs `suppressHydrationWarning`, because the theme
 * class is set before React hydrates.
 */
function ThemeProvider({ children }: { children: React.ReactNode }) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      {children}
    </NextThemesProvider>
  );
}

export { ThemeProvider };

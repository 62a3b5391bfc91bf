/**
 * Monthly themes (一月一主题 专项排查): the themes as versioned data ({@link
 * io.sitewatch.supervision.theme.ThemeCatalog}), a theme's monthly report computed from facts
 * alone ({@link io.sitewatch.supervision.theme.ThemeReport}), the facts gathered through the other
 * modules' ports ({@link io.sitewatch.supervision.theme.ThemeData}) and the routes.
 */
package io.sitewatch.supervision.theme;

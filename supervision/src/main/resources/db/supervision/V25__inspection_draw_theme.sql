-- A draw may be made among the projects of a monthly theme (一月一主题: those with a device of the
-- theme's kinds); the theme id is kept with the draw so it can be made again. NULL: all projects.
ALTER TABLE inspection_draw ADD COLUMN theme text;

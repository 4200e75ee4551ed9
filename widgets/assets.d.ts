// esbuild bundles imported CSS into the widget's stylesheet; the import itself yields nothing.
declare module "*.css";

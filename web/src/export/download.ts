// Hand a file made in the page to the browser as a download.
export function download(name: string, type: string, content: BlobPart): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the blob before it is released.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A table to export: a header row and rows of text cells. */
export interface Sheet {
  name: string;
  header: string[];
  rows: string[][];
}

/**
 * Offers a file made in memory as a download: an object URL on a temporary `<a download>`, revoked as
 * soon as the browser has taken the click. Nothing goes into the address bar or browser storage.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

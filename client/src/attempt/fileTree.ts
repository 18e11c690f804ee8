export interface FolderNode<F> {
  name: string;
  /** Full folder path, like `modules/network`. */
  path: string;
  folders: FolderNode<F>[];
  files: F[];
}

/** Groups flat workspace paths into folders, each level sorted by name, folders before files. */
export function buildFileTree<F extends { path: string }>(files: readonly F[]): FolderNode<F> {
  const root: FolderNode<F> = { name: '', path: '', folders: [], files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const path = folder.path ? `${folder.path}/${part}` : part;
      let child = folder.folders.find((f) => f.name === part);
      if (!child) {
        child = { name: part, path, folders: [], files: [] };
        folder.folders.push(child);
      }
      folder = child;
    }
    folder.files.push(file);
  }
  sortTree(root);
  return root;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function sortTree<F extends { path: string }>(folder: FolderNode<F>): void {
  folder.folders.sort((a, b) => a.name.localeCompare(b.name));
  folder.files.sort((a, b) => baseName(a.path).localeCompare(baseName(b.path)));
  for (const child of folder.folders) sortTree(child);
}

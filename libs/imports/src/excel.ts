import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on the first .xlsx read or written: it adds ≈ 8 MiB of heap to every API process
 * that would otherwise never touch a spreadsheet.
 */
export async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

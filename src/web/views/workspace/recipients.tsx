import { Csrf } from './layout.js'

export const TargetsPage = ({ csrf, count, errors, imported, canImport }: { csrf: string; count: number; errors: string[]; imported?: number; canImport: boolean }) => (
  <>
    <h1>Recipients</h1>
    <p>
      {count} recipients in the directory. <a href="/organiser/targets/export.csv">Export CSV</a> ·{' '}
      <a href="/organiser/targets/export.json">Export JSON</a>
    </p>
    {imported !== undefined ? <p class="notice ok">Imported {imported} recipients.</p> : null}
    {errors.length > 0 ? (
      <div class="error-summary" role="alert">
        <h2>Nothing was imported</h2>
        <ul>
          {errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      </div>
    ) : null}
    {canImport ? (
      <form method="post" action="/organiser/targets" enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class="field">
          <label for="f-file">CSV or JSON file</label>
          <input id="f-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" required />
        </div>
        <button type="submit">Import (all or nothing)</button>
      </form>
    ) : (
      <p class="small">The directory is shared by all campaigns; an admin imports changes to it.</p>
    )}
  </>
)

/** A campaign's title where it appears inside a supporter page: in its own language, marked as such. */
export type TitleText = { text: string; lang: string; dir: 'ltr' | 'rtl' }

export const Title = ({ title }: { title: TitleText }) => (
  <bdi lang={title.lang} dir={title.dir}>
    {title.text}
  </bdi>
)

// GENERATED FILE: do not edit by hand. Regenerate with the conversion script described below.
//
// Source: AsyrafHussin/malaysia-postcodes, all.json (MIT licence, (c) Asyraf Hussin).
// Snapshot used: commit 0bf749db1ecd252ec0e4a243e2257b34632a8bf1 (2023-08-20 state, the newest
// version of all.json retrievable from the stored index at generation time; the spec pins
// commit 99958fe of 2025-12-28, which could not be fetched here).
// Changes applied on top of the snapshot, each documented upstream:
//   - dropped the 4-digit values 5110, 5330, 8170, 7520, 1750 (upstream CHANGELOG 2023-08-27);
//   - dropped 71590 from Pekan Nenas, added 79050 Iskandar Puteri (upstream README 2025-06-27);
//   - added 80888 Johor Bahru, Johor (spec section 6.1: "added 2025-12-28"; town assumed).
// Not applied (details not retrievable): the 2025-06-26 renames and the 12 Pulau Pinang removals.
// Rows: 2944 (postcode, town) pairs, 2941 distinct postcodes.
// Format: one line per pair, `postcode<TAB>town<TAB>ISO 3166-2:MY state number`.
// A string literal rather than an array literal: large array literals type-check very slowly.

/// The pinned postcode table; parsed once, lazily, by ``Postcode``.
let postcodeTable = """
01000	Kangar	09
01007	Kangar	09
01009	Kangar	09
01500	Kangar	09
01502	Kangar	09
01503	Kangar	09
01504	Kangar	09
01505	Kangar	09
01506	Kangar	09
01508	Kangar	09
01512	Kangar	09
01514	Kangar	09
01516	Kangar	09
01517	Kangar	09
01518	Kangar	09
01524	Kangar	09
01529	Kangar	09
01532	Kangar	09
01538	Kangar	09
01540	Kangar	09
01546	Kangar	09
01550	Kangar	09
01551	Kangar	09
01556	Kangar	09
01560	Kangar	09
01564	Kangar	09
01570	Kangar	09
01572	Kangar	09
01576	Kangar	09
01578	Kangar	09
01582	Kangar	09
01586	Kangar	09
01590	Kangar	09
01592	Kangar	09
01594	Kangar	09
01596	Kangar	09
01598	Kangar	09
01600	Kangar	09
01604	Kangar	09
01606	Kangar	09
01608	Kangar	09
01609	Kangar	09
01610	Kangar	09
01612	Kangar	09
01614	Kangar	09
01620	Kangar	09
01622	Kangar	09
01626	Kangar	09
01628	Kangar	09
01630	Kangar	09
01632	Kangar	09
01634	Kangar	09
01644	Kangar	09
01646	Kangar	09
01648	Kangar	09
01660	Kangar	09
01664	Kangar	09
01670	Kangar	09
01672	Kangar	09
01673	Kangar	09
01674	Kangar	09
01676	Kangar	09
01680	Kangar	09
01694	Kangar	09
02000	Kuala Perlis	09
02100	Padang Besar	09
02200	Kaki Bukit	09
02400	Kangar	09
02450	Kangar	09
02500	Kangar	09
02600	Arau	09
02607	Arau	09
02609	Arau	09
02700	Simpang Ampat	09
02707	Simpang Ampat	09
02709	Simpang Ampat	09
02800	Simpang Ampat	09
05000	Alor Setar	02
05050	Alor Setar	02
05100	Alor Setar	02
05150	Alor Setar	02
05200	Alor Setar	02
05250	Alor Setar	02
05300	Alor Setar	02
05350	Alor Setar	02
05400	Alor Setar	02
05450	Alor Setar	02
05460	Alor Setar	02
05500	Alor Setar	02
05502	Alor Setar	02
05503	Alor Setar	02
05504	Alor Setar	02
05505	Alor Setar	02
05506	Alor Setar	02
05508	Alor Setar	02
05512	Alor Setar	02
05514	Alor Setar	02
05516	Alor Setar	02
05517	Alor Setar	02
05518	Alor Setar	02
05520	Alor Setar	02
05532	Alor Setar	02
05534	Alor Setar	02
05536	Alor Setar	02
05538	Alor Setar	02
05550	Alor Setar	02
05551	Alor Setar	02
05552	Alor Setar	02
05556	Alor Setar	02
05558	Alor Setar	02
05560	Alor Setar	02
05564	Alor Setar	02
05576	Alor Setar	02
05578	Alor Setar	02
05580	Alor Setar	02
05582	Alor Setar	02
05586	Alor Setar	02
05590	Alor Setar	02
05592	Alor Setar	02
05594	Alor Setar	02
05600	Alor Setar	02
05604	Alor Setar	02
05610	Alor Setar	02
05612	Alor Setar	02
05614	Alor Setar	02
05620	Alor Setar	02
05621	Alor Setar	02
05622	Alor Setar	02
05626	Alor Setar	02
05628	Alor Setar	02
05630	Alor Setar	02
05632	Alor Setar	02
05644	Alor Setar	02
05660	Alor Setar	02
05661	Alor Setar	02
05664	Alor Setar	02
05670	Alor Setar	02
05672	Alor Setar	02
05673	Alor Setar	02
05674	Alor Setar	02
05675	Alor Setar	02
05676	Alor Setar	02
05680	Alor Setar	02
05690	Alor Setar	02
05696	Alor Setar	02
05700	Alor Setar	02
05710	Alor Setar	02
05720	Alor Setar	02
05990	Alor Setar	02
06000	Jitra	02
06007	Jitra	02
06009	Jitra	02
06010	Changloon	02
06050	Bukit Kayu Hitam	02
06100	Kodiang	02
06150	Ayer Hitam	02
06200	Kepala Batas	02
06207	Kepala Batas	02
06209	Kepala Batas	02
06250	Alor Setar	02
06300	Kuala Nerang	02
06350	Pokok Sena	02
06400	Pokok Sena	02
06500	Langgar	02
06507	Langgar	02
06509	Alor Setar	02
06550	Alor Setar	02
06570	Alor Setar	02
06600	Kuala Kedah	02
06650	Simpang Empat	02
06660	Alor Setar	02
06680	Simpang Empat	02
06700	Pendang	02
06707	Pendang	02
06709	Pendang	02
06710	Pendang	02
06720	Pendang	02
06750	Pendang	02
06760	Pendang	02
06800	Kota Sarang Semut	02
06900	Yan	02
06910	Yan	02
07000	Langkawi	02
07007	Langkawi	02
07009	Langkawi	02
07100	Langkawi	02
08000	Sungai Petani	02
08007	Sungai Petani	02
08009	Sungai Petani	02
08010	Sungai Petani	02
08100	Bedong	02
08110	Bedong	02
08200	Sik	02
08210	Sik	02
08300	Gurun	02
08320	Jeniang	02
08330	Gurun	02
08340	Sik	02
08400	Merbok	02
08407	Merbok	02
08409	Merbok	02
08500	Kota Kuala Muda	02
08507	Kota Kuala Muda	02
08509	Kota Kuala Muda	02
08600	Sungai Petani	02
08700	Jeniang	02
08800	Gurun	02
09000	Kulim	02
09007	Kulim	02
09009	Kulim	02
09010	Kulim	02
09020	Kulim	02
09100	Baling	02
09110	Kuala Pegang	02
09200	Kupang	02
09300	Kuala Ketil	02
09310	Kuala Ketil	02
09400	Padang Serai	02
09410	Padang Serai	02
09600	Lunas	02
09700	Karangan	02
09800	Serdang	02
09810	Serdang	02
10000	Pulau Pinang	07
10020	Pulau Pinang	07
10050	Pulau Pinang	07
10100	Pulau Pinang	07
10110	Pulau Pinang	07
10150	Pulau Pinang	07
10160	Pulau Pinang	07
10200	Pulau Pinang	07
10250	Pulau Pinang	07
10300	Pulau Pinang	07
10350	Pulau Pinang	07
10400	Pulau Pinang	07
10420	Pulau Pinang	07
10450	Pulau Pinang	07
10460	Pulau Pinang	07
10470	Pulau Pinang	07
10500	Pulau Pinang	07
10502	Pulau Pinang	07
10503	Pulau Pinang	07
10504	Pulau Pinang	07
10505	Pulau Pinang	07
10506	Pulau Pinang	07
10508	Pulau Pinang	07
10512	Pulau Pinang	07
10514	Pulau Pinang	07
10516	Pulau Pinang	07
10518	Pulau Pinang	07
10520	Pulau Pinang	07
10524	Pulau Pinang	07
10534	Pulau Pinang	07
10538	Pulau Pinang	07
10540	Pulau Pinang	07
10542	Pulau Pinang	07
10546	Pulau Pinang	07
10550	Pulau Pinang	07
10551	Pulau Pinang	07
10552	Pulau Pinang	07
10558	Pulau Pinang	07
10560	Pulau Pinang	07
10564	Pulau Pinang	07
10566	Pulau Pinang	07
10570	Pulau Pinang	07
10576	Pulau Pinang	07
10578	Pulau Pinang	07
10582	Pulau Pinang	07
10590	Pulau Pinang	07
10592	Pulau Pinang	07
10593	Pulau Pinang	07
10594	Pulau Pinang	07
10596	Pulau Pinang	07
10600	Pulau Pinang	07
10604	Pulau Pinang	07
10609	Pulau Pinang	07
10610	Pulau Pinang	07
10612	Pulau Pinang	07
10620	Pulau Pinang	07
10622	Pulau Pinang	07
10626	Pulau Pinang	07
10628	Pulau Pinang	07
10634	Pulau Pinang	07
10646	Pulau Pinang	07
10648	Pulau Pinang	07
10660	Pulau Pinang	07
10661	Pulau Pinang	07
10662	Pulau Pinang	07
10668	Pulau Pinang	07
10670	Pulau Pinang	07
10672	Pulau Pinang	07
10673	Pulau Pinang	07
10674	Pulau Pinang	07
10676	Pulau Pinang	07
10690	Pulau Pinang	07
10710	Pulau Pinang	07
10720	Pulau Pinang	07
10730	Pulau Pinang	07
10740	Pulau Pinang	07
10750	Pulau Pinang	07
10760	Pulau Pinang	07
10770	Pulau Pinang	07
10780	Pulau Pinang	07
10790	Pulau Pinang	07
10800	Pulau Pinang	07
10810	Pulau Pinang	07
10820	Pulau Pinang	07
10830	Pulau Pinang	07
10840	Pulau Pinang	07
10850	Pulau Pinang	07
10910	Pulau Pinang	07
10920	Pulau Pinang	07
10990	Pulau Pinang	07
11000	Balik Pulau	07
11010	Balik Pulau	07
11020	Balik Pulau	07
11050	Pulau Pinang	07
11060	Pulau Pinang	07
11100	Batu Ferringhi	07
11200	Tanjong Bungah	07
11300	Penang Hill	07
11400	Pulau Pinang	07
11409	Pulau Pinang	07
11460	Pulau Pinang	07
11500	Ayer Itam	07
11600	Jelutong	07
11609	Jelutong	07
11700	Gelugor	07
11800	Usm Pulau Pinang	07
11900	Bayan Lepas	07
11902	Bayan Lepas	07
11910	Bayan Lepas	07
11920	Bayan Lepas	07
11950	Bayan Lepas	07
11960	Batu Maung	07
12000	Butterworth	07
12100	Butterworth	07
12200	Butterworth	07
12300	Butterworth	07
12344	Butterworth	07
12345	Butterworth	07
12700	Butterworth	07
12710	Butterworth	07
12720	Butterworth	07
12990	Butterworth	07
13000	Butterworth	07
13009	Butterworth	07
13020	Butterworth	07
13030	Butterworth	07
13050	Butterworth	07
13100	Penaga	07
13110	Penaga	07
13200	Kepala Batas	07
13210	Kepala Batas	07
13220	Kepala Batas	07
13300	Tasek Gelugor	07
13310	Tasek Gelugor	07
13400	Butterworth	07
13409	Butterworth	07
13500	Permatang Pauh	07
13600	Perai	07
13690	Perai	07
13700	Perai	07
13800	Butterworth	07
14000	Bukit Mertajam	07
14007	Bukit Mertajam	07
14009	Bukit Mertajam	07
14020	Bukit Mertajam	07
14100	Simpang Ampat	07
14101	Simpang Ampat	07
14110	Simpang Ampat	07
14120	Simpang Ampat	07
14200	Sungai Jawi	07
14290	Bandar Bahru	02
14300	Nibong Tebal	07
14310	Nibong Tebal	07
14320	Nibong Tebal	07
14390	Bandar Bahru	02
14400	Kubang Semang	07
15000	Kota Bharu	03
15050	Kota Bharu	03
15100	Kota Bharu	03
15150	Kota Bharu	03
15159	Kota Bharu	03
15160	Kota Bharu	03
15200	Kota Bharu	03
15300	Kota Bharu	03
15350	Kota Bharu	03
15400	Kota Bharu	03
15500	Kota Bharu	03
15502	Kota Bharu	03
15503	Kota Bharu	03
15504	Kota Bharu	03
15505	Kota Bharu	03
15506	Kota Bharu	03
15508	Kota Bharu	03
15512	Kota Bharu	03
15514	Kota Bharu	03
15516	Kota Bharu	03
15517	Kota Bharu	03
15518	Kota Bharu	03
15519	Kota Bharu	03
15520	Kota Bharu	03
15524	Kota Bharu	03
15529	Kota Bharu	03
15532	Kota Bharu	03
15534	Kota Bharu	03
15536	Kota Bharu	03
15538	Kota Bharu	03
15540	Kota Bharu	03
15546	Kota Bharu	03
15548	Kota Bharu	03
15550	Kota Bharu	03
15551	Kota Bharu	03
15556	Kota Bharu	03
15558	Kota Bharu	03
15560	Kota Bharu	03
15564	Kota Bharu	03
15570	Kota Bharu	03
15572	Kota Bharu	03
15576	Kota Bharu	03
15578	Kota Bharu	03
15582	Kota Bharu	03
15586	Kota Bharu	03
15590	Kota Bharu	03
15592	Kota Bharu	03
15594	Kota Bharu	03
15596	Kota Bharu	03
15600	Kota Bharu	03
15604	Kota Bharu	03
15606	Kota Bharu	03
15608	Kota Bharu	03
15609	Kota Bharu	03
15610	Kota Bharu	03
15612	Kota Bharu	03
15614	Kota Bharu	03
15616	Kota Bharu	03
15620	Kota Bharu	03
15622	Kota Bharu	03
15623	Kota Bharu	03
15624	Kota Bharu	03
15626	Kota Bharu	03
15628	Kota Bharu	03
15630	Kota Bharu	03
15632	Kota Bharu	03
15634	Kota Bharu	03
15644	Kota Bharu	03
15646	Kota Bharu	03
15648	Kota Bharu	03
15658	Kota Bharu	03
15660	Kota Bharu	03
15661	Kota Bharu	03
15662	Kota Bharu	03
15664	Kota Bharu	03
15670	Kota Bharu	03
15672	Kota Bharu	03
15673	Kota Bharu	03
15674	Kota Bharu	03
15676	Kota Bharu	03
15680	Kota Bharu	03
15690	Kota Bharu	03
15700	Kota Bharu	03
15710	Kota Bharu	03
15720	Kota Bharu	03
15730	Kota Bharu	03
15740	Kota Bharu	03
15988	Kota Bharu	03
15990	Kota Bharu	03
16010	Kota Bharu	03
16020	Bachok	03
16030	Bachok	03
16040	Wakaf Bharu	03
16050	Bachok	03
16060	Bachok	03
16070	Bachok	03
16080	Tumpat	03
16090	Bachok	03
16100	Kota Bharu	03
16109	Kota Bharu	03
16150	Kota Bharu	03
16200	Tumpat	03
16210	Tumpat	03
16250	Wakaf Bharu	03
16266	Wakaf Bharu	03
16300	Bachok	03
16310	Bachok	03
16320	Bachok	03
16350	Bachok	03
16370	Bachok	03
16390	Bachok	03
16400	Melor	03
16450	Ketereh	03
16500	Kem Desa Pahlawan	03
16600	Pulai Chondong	03
16700	Cherang Ruku	03
16800	Pasir Puteh	03
16810	Selising	03
17000	Pasir Mas	03
17007	Pasir Mas	03
17009	Pasir Mas	03
17010	Pasir Mas	03
17020	Pasir Mas	03
17030	Pasir Mas	03
17040	Pasir Mas	03
17050	Pasir Mas	03
17060	Pasir Mas	03
17070	Pasir Mas	03
17200	Rantau Panjang	03
17500	Tanah Merah	03
17507	Tanah Merah	03
17509	Tanah Merah	03
17510	Tanah Merah	03
17520	Tanah Merah	03
17599	Tanah Merah	03
17600	Jeli	03
17610	Kuala Balah	03
17700	Ayer Lanas	03
18000	Kuala Krai	03
18020	Kuala Krai	03
18050	Kuala Krai	03
18200	Dabong	03
18300	Gua Musang	03
18400	Temangan	03
18500	Machang	03
20000	Kuala Terengganu	11
20050	Kuala Terengganu	11
20080	Kuala Terengganu	11
20100	Kuala Terengganu	11
20200	Kuala Terengganu	11
20300	Kuala Terengganu	11
20400	Kuala Terengganu	11
20500	Kuala Terengganu	11
20502	Kuala Terengganu	11
20503	Kuala Terengganu	11
20504	Kuala Terengganu	11
20505	Kuala Terengganu	11
20506	Kuala Terengganu	11
20508	Kuala Terengganu	11
20512	Kuala Terengganu	11
20514	Kuala Terengganu	11
20516	Kuala Terengganu	11
20517	Kuala Terengganu	11
20518	Kuala Terengganu	11
20519	Kuala Terengganu	11
20520	Kuala Terengganu	11
20532	Kuala Terengganu	11
20534	Kuala Terengganu	11
20536	Kuala Terengganu	11
20538	Kuala Terengganu	11
20540	Kuala Terengganu	11
20542	Kuala Terengganu	11
20546	Kuala Terengganu	11
20548	Kuala Terengganu	11
20550	Kuala Terengganu	11
20551	Kuala Terengganu	11
20552	Kuala Terengganu	11
20554	Kuala Terengganu	11
20556	Kuala Terengganu	11
20560	Kuala Terengganu	11
20564	Kuala Terengganu	11
20566	Kuala Terengganu	11
20568	Kuala Terengganu	11
20570	Kuala Terengganu	11
20572	Kuala Terengganu	11
20576	Kuala Terengganu	11
20578	Kuala Terengganu	11
20582	Kuala Terengganu	11
20586	Kuala Terengganu	11
20590	Kuala Terengganu	11
20592	Kuala Terengganu	11
20596	Kuala Terengganu	11
20600	Kuala Terengganu	11
20604	Kuala Terengganu	11
20606	Kuala Terengganu	11
20608	Kuala Terengganu	11
20609	Kuala Terengganu	11
20610	Kuala Terengganu	11
20612	Kuala Terengganu	11
20614	Kuala Terengganu	11
20618	Kuala Terengganu	11
20620	Kuala Terengganu	11
20622	Kuala Terengganu	11
20626	Kuala Terengganu	11
20628	Kuala Terengganu	11
20630	Kuala Terengganu	11
20632	Kuala Terengganu	11
20646	Kuala Terengganu	11
20648	Kuala Terengganu	11
20656	Kuala Terengganu	11
20658	Kuala Terengganu	11
20660	Kuala Terengganu	11
20661	Kuala Terengganu	11
20662	Kuala Terengganu	11
20664	Kuala Terengganu	11
20668	Kuala Terengganu	11
20670	Kuala Terengganu	11
20672	Kuala Terengganu	11
20673	Kuala Terengganu	11
20674	Kuala Terengganu	11
20676	Kuala Terengganu	11
20680	Kuala Terengganu	11
20690	Kuala Terengganu	11
20698	Kuala Terengganu	11
20700	Kuala Terengganu	11
20710	Kuala Terengganu	11
20720	Kuala Terengganu	11
20900	Kuala Terengganu	11
20902	Kuala Terengganu	11
20904	Kuala Terengganu	11
20906	Kuala Terengganu	11
20908	Kuala Terengganu	11
20910	Kuala Terengganu	11
20912	Kuala Terengganu	11
20914	Kuala Terengganu	11
20916	Kuala Terengganu	11
20918	Kuala Terengganu	11
20920	Kuala Terengganu	11
20922	Kuala Terengganu	11
20924	Kuala Terengganu	11
20926	Kuala Terengganu	11
20928	Kuala Terengganu	11
20930	Kuala Terengganu	11
20990	Kuala Terengganu	11
20999	Kuala Terengganu	11
21000	Kuala Terengganu	11
21009	Kuala Terengganu	11
21010	Kuala Terengganu	11
21020	Kuala Terengganu	11
21030	Kuala Terengganu	11
21040	Kuala Terengganu	11
21050	Kuala Terengganu	11
21060	Kuala Terengganu	11
21070	Kuala Terengganu	11
21080	Kuala Terengganu	11
21090	Kuala Terengganu	11
21100	Kuala Terengganu	11
21109	Kuala Terengganu	11
21200	Kuala Terengganu	11
21209	Kuala Terengganu	11
21210	Kuala Terengganu	11
21220	Kuala Terengganu	11
21300	Kuala Terengganu	11
21309	Kuala Terengganu	11
21400	Bukit Payong	11
21450	Chalok	11
21500	Sungai Tong	11
21600	Marang	11
21610	Marang	11
21700	Kuala Berang	11
21800	Ajil	11
21810	Ajil	11
21820	Ajil	11
22000	Jerteh	11
22010	Jerteh	11
22020	Jerteh	11
22030	Jerteh	11
22040	Jerteh	11
22100	Permaisuri	11
22107	Permaisuri	11
22109	Permaisuri	11
22110	Permaisuri	11
22120	Permaisuri	11
22200	Kampung Raja	11
22300	Kuala Besut	11
22307	Kuala Besut	11
22309	Kuala Besut	11
23000	Dungun	11
23007	Dungun	11
23009	Dungun	11
23050	Dungun	11
23100	Paka	11
23200	Bukit Besi	11
23300	Ketengah Jaya	11
23345	Ketengah Jaya	11
23400	Al Muktatfi Billah Shah	11
24000	Cukai	11
24007	Cukai	11
24009	Cukai	11
24010	Cukai	11
24020	Cukai	11
24030	Cukai	11
24040	Cukai	11
24050	Ayer Puteh	11
24060	Ceneh	11
24100	Kijal	11
24107	Kijal	11
24109	Kijal	11
24200	Kemasek	11
24207	Kemasek	11
24209	Kemasek	11
24210	Kemasek	11
24220	Kemasek	11
24300	Kerteh	11
25000	Kuantan	06
25020	Kuantan	06
25040	Kuantan	06
25050	Kuantan	06
25100	Kuantan	06
25150	Kuantan	06
25200	Kuantan	06
25250	Kuantan	06
25300	Kuantan	06
25320	Kuantan	06
25350	Kuantan	06
25500	Kuantan	06
25502	Kuantan	06
25503	Kuantan	06
25504	Kuantan	06
25505	Kuantan	06
25506	Kuantan	06
25508	Kuantan	06
25509	Kuantan	06
25512	Kuantan	06
25514	Kuantan	06
25516	Kuantan	06
25517	Kuantan	06
25518	Kuantan	06
25520	Kuantan	06
25524	Kuantan	06
25529	Kuantan	06
25532	Kuantan	06
25534	Kuantan	06
25536	Kuantan	06
25538	Kuantan	06
25540	Kuantan	06
25546	Kuantan	06
25548	Kuantan	06
25550	Kuantan	06
25551	Kuantan	06
25552	Kuantan	06
25556	Kuantan	06
25558	Kuantan	06
25560	Kuantan	06
25564	Kuantan	06
25570	Kuantan	06
25576	Kuantan	06
25578	Kuantan	06
25582	Kuantan	06
25584	Kuantan	06
25586	Kuantan	06
25590	Kuantan	06
25592	Kuantan	06
25594	Kuantan	06
25596	Kuantan	06
25598	Kuantan	06
25600	Kuantan	06
25604	Kuantan	06
25606	Kuantan	06
25608	Kuantan	06
25609	Kuantan	06
25610	Kuantan	06
25612	Kuantan	06
25614	Kuantan	06
25620	Kuantan	06
25622	Kuantan	06
25626	Kuantan	06
25628	Kuantan	06
25630	Kuantan	06
25632	Kuantan	06
25644	Kuantan	06
25646	Kuantan	06
25648	Kuantan	06
25656	Kuantan	06
25660	Kuantan	06
25661	Kuantan	06
25662	Kuantan	06
25670	Kuantan	06
25672	Kuantan	06
25673	Kuantan	06
25674	Kuantan	06
25676	Kuantan	06
25690	Kuantan	06
25700	Kuantan	06
25710	Kuantan	06
25720	Kuantan	06
25730	Kuantan	06
25740	Kuantan	06
25750	Kuantan	06
25990	Kuantan	06
26000	Kuantan	06
26010	Kuantan	06
26040	Kuantan	06
26050	Bukit Goh	06
26060	Kuantan	06
26070	Kuantan	06
26080	Balok	06
26090	Bukit Goh	06
26100	Balok	06
26140	Kuantan	06
26150	Balok	06
26180	Kuantan	06
26190	Balok	06
26200	Sungai Lembing	06
26250	Jaya Gading	06
26300	Gambang	06
26310	Gambang	06
26320	Gambang	06
26330	Gambang	06
26340	Gambang	06
26350	Gambang	06
26360	Gambang	06
26370	Gambang	06
26400	Bandar Pusat Jengka	06
26410	Bandar Pusat Jengka	06
26420	Bandar Pusat Jengka	06
26430	Bandar Pusat Jengka	06
26440	Bandar Pusat Jengka	06
26450	Bandar Pusat Jengka	06
26460	Bandar Pusat Jengka	06
26485	Bandar Pusat Jengka	06
26490	Bandar Pusat Jengka	06
26500	Maran	06
26600	Pekan	06
26607	Pekan	06
26609	Pekan	06
26610	Pekan	06
26620	Pekan	06
26630	Pekan	06
26640	Pekan	06
26650	Pekan	06
26660	Pekan	06
26680	Pekan	06
26690	Chini	06
26700	Muadzam Shah	06
26800	Kuala Rompin	06
26810	Kuala Rompin	06
26820	Kuala Rompin	06
26900	Bandar Tun Abdul Razak	06
26999	Bandar Tun Abdul Razak	06
27000	Jerantut	06
27010	Jerantut	06
27020	Jerantut	06
27030	Damak	06
27040	Jerantut	06
27050	Jerantut	06
27060	Jerantut	06
27070	Jerantut	06
27080	Bandar Pusat Jengka	06
27090	Jerantut	06
27100	Padang Tengku	06
27150	Jerantut	06
27200	Kuala Lipis	06
27207	Kuala Lipis	06
27209	Kuala Lipis	06
27210	Kuala Lipis	06
27300	Benta	06
27310	Benta	06
27400	Dong	06
27500	Sungai Ruan	06
27600	Raub	06
27607	Raub	06
27609	Raub	06
27610	Raub	06
27620	Raub	06
27630	Raub	06
27650	Sungai Koyan	06
27660	Sega	06
27670	Raub	06
28000	Temerloh	06
28007	Temerloh	06
28009	Temerloh	06
28010	Temerloh	06
28020	Temerloh	06
28030	Temerloh	06
28040	Temerloh	06
28050	Kuala Krau	06
28100	Chenor	06
28200	Triang	06
28300	Triang	06
28310	Triang	06
28320	Triang	06
28330	Triang	06
28340	Kemayan	06
28350	Triang	06
28380	Kemayan	06
28400	Mentakab	06
28407	Mentakab	06
28409	Mentakab	06
28500	Lanchang	06
28600	Karak	06
28610	Karak	06
28620	Karak	06
28700	Bentong	06
28707	Bentong	06
28709	Bentong	06
28730	Bentong	06
28740	Bentong	06
28750	Bentong	06
28800	Lurah Bilut	06
30000	Ipoh	08
30010	Ipoh	08
30020	Ipoh	08
30100	Ipoh	08
30200	Ipoh	08
30205	Ipoh	08
30250	Ipoh	08
30300	Ipoh	08
30350	Ipoh	08
30400	Ipoh	08
30450	Ipoh	08
30500	Ipoh	08
30502	Ipoh	08
30503	Ipoh	08
30504	Ipoh	08
30505	Ipoh	08
30506	Ipoh	08
30508	Ipoh	08
30510	Ipoh	08
30512	Ipoh	08
30516	Ipoh	08
30517	Ipoh	08
30518	Ipoh	08
30519	Ipoh	08
30520	Ipoh	08
30524	Ipoh	08
30532	Ipoh	08
30534	Ipoh	08
30536	Ipoh	08
30540	Ipoh	08
30542	Ipoh	08
30546	Ipoh	08
30548	Ipoh	08
30550	Ipoh	08
30551	Ipoh	08
30552	Ipoh	08
30554	Ipoh	08
30556	Ipoh	08
30560	Ipoh	08
30564	Ipoh	08
30570	Ipoh	08
30576	Ipoh	08
30580	Ipoh	08
30582	Ipoh	08
30586	Ipoh	08
30590	Ipoh	08
30592	Ipoh	08
30594	Ipoh	08
30596	Ipoh	08
30600	Ipoh	08
30604	Ipoh	08
30606	Ipoh	08
30609	Ipoh	08
30610	Ipoh	08
30612	Ipoh	08
30614	Ipoh	08
30620	Ipoh	08
30621	Ipoh	08
30622	Ipoh	08
30626	Ipoh	08
30628	Ipoh	08
30630	Ipoh	08
30632	Ipoh	08
30634	Ipoh	08
30644	Ipoh	08
30646	Ipoh	08
30648	Ipoh	08
30656	Ipoh	08
30658	Ipoh	08
30660	Ipoh	08
30661	Ipoh	08
30662	Ipoh	08
30664	Ipoh	08
30668	Ipoh	08
30670	Ipoh	08
30673	Ipoh	08
30674	Ipoh	08
30676	Ipoh	08
30682	Ipoh	08
30690	Ipoh	08
30700	Ipoh	08
30710	Ipoh	08
30720	Ipoh	08
30730	Ipoh	08
30740	Ipoh	08
30750	Ipoh	08
30760	Ipoh	08
30770	Ipoh	08
30780	Ipoh	08
30790	Ipoh	08
30800	Ipoh	08
30810	Ipoh	08
30820	Ipoh	08
30830	Ipoh	08
30840	Ipoh	08
30900	Ipoh	08
30902	Ipoh	08
30904	Ipoh	08
30906	Ipoh	08
30908	Ipoh	08
30910	Ipoh	08
30912	Ipoh	08
30988	Ipoh	08
30990	Ipoh	08
31000	Batu Gajah	08
31007	Batu Gajah	08
31009	Batu Gajah	08
31050	Sungai Siput	08
31100	Sungai Siput	08
31120	Sungai Siput	08
31150	Ulu Kinta	08
31199	Ulu Kinta	08
31200	Chemor	08
31250	Tanjong Rambutan	08
31300	Kampung Kepayang	08
31350	Ipoh	08
31400	Ipoh	08
31407	Ipoh	08
31409	Ipoh	08
31450	Ipoh	08
31500	Ipoh	08
31550	Pusing	08
31560	Pusing	08
31600	Gopeng	08
31610	Gopeng	08
31650	Ipoh	08
31672	Ipoh	08
31700	Malim Nawar	08
31750	Tronoh	08
31800	Tanjong Tualang	08
31850	Jeram	08
31900	Kampar	08
31907	Kampar	08
31909	Kampar	08
31910	Kampar	08
31920	Mambang Di Awan	08
31950	Mambang Di Awan	08
32000	Sitiawan	08
32010	Sitiawan	08
32020	Sitiawan	08
32040	Seri Manjong	08
32050	Seri Manjong	08
32100	Tldm Lumut	08
32200	Lumut	08
32300	Pangkor	08
32400	Ayer Tawar	08
32500	Changkat Keruing	08
32600	Bota	08
32610	Bandar Seri Iskandar	08
32700	Bruas	08
32800	Parit	08
32810	Parit	08
32900	Lambor Kanan	08
32999	Lambor Kanan	08
33000	Kuala Kangsar	08
33007	Kuala Kangsar	08
33009	Kuala Kangsar	08
33010	Kuala Kangsar	08
33020	Kuala Kangsar	08
33030	Kuala Kangsar	08
33040	Kuala Kangsar	08
33100	Pengkalan Hulu	08
33200	Intan	08
33300	Gerik	08
33310	Gerik	08
33320	Gerik	08
33400	Lenggong	08
33410	Lenggong	08
33420	Lenggong	08
33500	Sauk	08
33600	Enggor	08
33700	Padang Rengas	08
33800	Manong	08
34000	Taiping	08
34007	Taiping	08
34008	Taiping	08
34009	Taiping	08
34010	Taiping	08
34020	Taiping	08
34030	Taiping	08
34100	Selama	08
34120	Selama	08
34130	Selama	08
34140	Rantau Panjang	08
34200	Parit Buntar	08
34250	Tanjong Piandang	08
34300	Bagan Serai	08
34310	Bagan Serai	08
34350	Kuala Kurau	08
34400	Simpang Ampat Semanggol	08
34500	Batu Kurau	08
34510	Batu Kurau	08
34520	Batu Kurau	08
34600	Kamunting	08
34650	Kuala Sepetang	08
34700	Simpang	08
34750	Matang	08
34800	Trong	08
34850	Changkat Jering	08
34900	Pantai Remis	08
34910	Pantai Remis	08
34950	Bandar Baharu	02
35000	Tapah	08
35007	Tapah	08
35009	Tapah	08
35300	Chenderiang	08
35350	Temoh	08
35400	Tapah Road	08
35500	Bidor	08
35600	Sungkai	08
35700	Trolak	08
35800	Slim River	08
35820	Slim River	08
35900	Tanjong Malim	08
35907	Tanjong Malim	08
35909	Tanjong Malim	08
35910	Tanjong Malim	08
35950	Behrang Stesen	08
36000	Teluk Intan	08
36007	Teluk Intan	08
36008	Teluk Intan	08
36009	Teluk Intan	08
36010	Teluk Intan	08
36020	Teluk Intan	08
36030	Teluk Intan	08
36100	Bagan Datoh	08
36110	Teluk Intan	08
36200	Selekoh	08
36207	Selekoh	08
36209	Selekoh	08
36300	Sungai Sumun	08
36307	Sungai Sumun	08
36309	Sungai Sumun	08
36400	Hutan Melintang	08
36500	Ulu Bernam	08
36600	Chenderong Balai	08
36700	Langkap	08
36750	Chikus	08
36800	Kampung Gajah	08
36810	Kampung Gajah	08
39000	Tanah Rata	06
39007	Tanah Rata	06
39009	Tanah Rata	06
39010	Tanah Rata	06
39100	Brinchang	06
39200	Ringlet	06
40000	Shah Alam	10
40100	Shah Alam	10
40140	Shah Alam	10
40150	Shah Alam	10
40160	Shah Alam	10
40169	Shah Alam	10
40170	Shah Alam	10
40179	Shah Alam	10
40200	Shah Alam	10
40250	Shah Alam	10
40300	Shah Alam	10
40350	Shah Alam	10
40400	Shah Alam	10
40409	Shah Alam	10
40410	Shah Alam	10
40440	Shah Alam	10
40450	Shah Alam	10
40460	Shah Alam	10
40470	Shah Alam	10
40490	Shah Alam	10
40500	Shah Alam	10
40502	Shah Alam	10
40503	Shah Alam	10
40505	Shah Alam	10
40512	Shah Alam	10
40517	Shah Alam	10
40520	Shah Alam	10
40529	Shah Alam	10
40542	Shah Alam	10
40548	Shah Alam	10
40550	Shah Alam	10
40551	Shah Alam	10
40560	Shah Alam	10
40564	Shah Alam	10
40570	Shah Alam	10
40572	Shah Alam	10
40576	Shah Alam	10
40578	Shah Alam	10
40582	Shah Alam	10
40590	Shah Alam	10
40592	Shah Alam	10
40594	Shah Alam	10
40596	Shah Alam	10
40598	Shah Alam	10
40600	Shah Alam	10
40604	Shah Alam	10
40607	Shah Alam	10
40608	Shah Alam	10
40610	Shah Alam	10
40612	Shah Alam	10
40620	Shah Alam	10
40622	Shah Alam	10
40626	Shah Alam	10
40630	Shah Alam	10
40632	Shah Alam	10
40646	Shah Alam	10
40648	Shah Alam	10
40650	Shah Alam	10
40660	Shah Alam	10
40664	Shah Alam	10
40670	Shah Alam	10
40672	Shah Alam	10
40673	Shah Alam	10
40674	Shah Alam	10
40675	Shah Alam	10
40676	Shah Alam	10
40680	Shah Alam	10
40690	Shah Alam	10
40700	Shah Alam	10
40702	Shah Alam	10
40704	Shah Alam	10
40706	Shah Alam	10
40708	Shah Alam	10
40710	Shah Alam	10
40712	Shah Alam	10
40714	Shah Alam	10
40716	Shah Alam	10
40718	Shah Alam	10
40720	Shah Alam	10
40722	Shah Alam	10
40724	Shah Alam	10
40726	Shah Alam	10
40728	Shah Alam	10
40730	Shah Alam	10
40732	Shah Alam	10
40800	Shah Alam	10
40802	Shah Alam	10
40804	Shah Alam	10
40806	Shah Alam	10
40808	Shah Alam	10
40810	Shah Alam	10
40900	Shah Alam	10
40912	Shah Alam	10
40915	Shah Alam	10
40990	Shah Alam	10
41000	Klang	10
41050	Klang	10
41070	Klang	10
41100	Klang	10
41150	Klang	10
41160	Klang	10
41200	Klang	10
41205	Klang	10
41250	Klang	10
41299	Klang	10
41300	Klang	10
41301	Klang	10
41400	Klang	10
41500	Klang	10
41506	Klang	10
41560	Klang	10
41586	Klang	10
41600	Klang	10
41670	Klang	10
41672	Klang	10
41700	Klang	10
41710	Klang	10
41720	Klang	10
41730	Klang	10
41750	Klang	10
41780	Klang	10
41900	Klang	10
41902	Klang	10
41904	Klang	10
41906	Klang	10
41908	Klang	10
41910	Klang	10
41912	Klang	10
41914	Klang	10
41916	Klang	10
41918	Klang	10
41990	Klang	10
42000	Pelabuhan Klang	10
42007	Pelabuhan Klang	10
42008	Pelabuhan Klang	10
42009	Pelabuhan Klang	10
42100	Klang	10
42150	Klang	10
42160	Rantau Panjang	08
42200	Kapar	10
42209	Kapar	10
42300	Bandar Puncak Alam	10
42425	Telok Panglima Garang	10
42450	Shah Alam	10
42500	Telok Panglima Garang	10
42507	Telok Panglima Garang	10
42509	Telok Panglima Garang	10
42600	Jenjarom	10
42610	Jenjarom	10
42619	Jenjarom	10
42700	Banting	10
42800	Tanjong Sepat	10
42900	Pulau Indah	10
42907	Pulau Indah	10
42920	Pulau Indah	10
42940	Pulau Ketam	10
42960	Pulau Carey	10
42999	Pulau Carey	10
43000	Kajang	10
43007	Kajang	10
43009	Kajang	10
43100	Hulu Langat	10
43200	Cheras	10
43207	Cheras	10
43300	Seri Kembangan	10
43399	Seri Kembangan	10
43400	Serdang	10
43500	Semenyih	10
43558	Kajang	10
43600	Bangi	10
43650	Bandar Baru Bangi	10
43700	Beranang	10
43701	Beranang	10
43800	Dengkil	10
43807	Dengkil	10
43900	Sepang	10
43950	Sungai Pelek	10
43999	Sungai Pelek	10
44000	Kuala Kubu Baru	10
44010	Kuala Kubu Baru	10
44020	Kuala Kubu Baru	10
44100	Kerling	10
44110	Kuala Kubu Baru	10
44200	Rasa	10
44300	Batang Kali	10
44309	Batang Kali	10
44330	Batang Kali	10
45000	Kuala Selangor	10
45010	Kuala Selangor	10
45100	Sungai Ayer Tawar	10
45200	Sabak Bernam	10
45207	Sabak Bernam	10
45209	Sabak Bernam	10
45300	Sungai Besar	10
45400	Sekinchan	10
45500	Tanjong Karang	10
45600	Batang Berjuntai	10
45607	Batang Berjuntai	10
45609	Batang Berjuntai	10
45620	Batang Berjuntai	10
45630	Batang Berjuntai	10
45700	Bukit Rotan	10
45800	Jeram	10
46000	Petaling Jaya	10
46040	Petaling Jaya	10
46050	Petaling Jaya	10
46080	Petaling Jaya	10
46100	Petaling Jaya	10
46150	Petaling Jaya	10
46160	Petaling Jaya	10
46200	Petaling Jaya	10
46300	Petaling Jaya	10
46350	Petaling Jaya	10
46400	Petaling Jaya	10
46460	Petaling Jaya	10
46500	Petaling Jaya	10
46505	Petaling Jaya	10
46506	Petaling Jaya	10
46510	Petaling Jaya	10
46547	Petaling Jaya	10
46549	Petaling Jaya	10
46551	Petaling Jaya	10
46564	Petaling Jaya	10
46582	Petaling Jaya	10
46598	Petaling Jaya	10
46662	Petaling Jaya	10
46667	Petaling Jaya	10
46668	Petaling Jaya	10
46672	Petaling Jaya	10
46675	Petaling Jaya	10
46692	Petaling Jaya	10
46700	Petaling Jaya	10
46710	Petaling Jaya	10
46720	Petaling Jaya	10
46730	Petaling Jaya	10
46740	Petaling Jaya	10
46750	Petaling Jaya	10
46760	Petaling Jaya	10
46770	Petaling Jaya	10
46780	Petaling Jaya	10
46781	Petaling Jaya	10
46782	Petaling Jaya	10
46783	Petaling Jaya	10
46784	Petaling Jaya	10
46785	Petaling Jaya	10
46786	Petaling Jaya	10
46787	Petaling Jaya	10
46788	Petaling Jaya	10
46789	Petaling Jaya	10
46790	Petaling Jaya	10
46791	Petaling Jaya	10
46792	Petaling Jaya	10
46793	Petaling Jaya	10
46794	Petaling Jaya	10
46795	Petaling Jaya	10
46796	Petaling Jaya	10
46797	Petaling Jaya	10
46798	Petaling Jaya	10
46799	Petaling Jaya	10
46800	Petaling Jaya	10
46801	Petaling Jaya	10
46802	Petaling Jaya	10
46803	Petaling Jaya	10
46804	Petaling Jaya	10
46805	Petaling Jaya	10
46806	Petaling Jaya	10
46860	Petaling Jaya	10
46870	Petaling Jaya	10
46960	Petaling Jaya	10
46962	Petaling Jaya	10
46964	Petaling Jaya	10
46966	Petaling Jaya	10
46968	Petaling Jaya	10
46970	Petaling Jaya	10
46972	Petaling Jaya	10
46974	Petaling Jaya	10
46976	Petaling Jaya	10
46978	Petaling Jaya	10
46990	Petaling Jaya	10
47000	Sungai Buloh	10
47020	Sungai Buloh	10
47031	Sungai Buloh	10
47100	Puchong	10
47110	Puchong	10
47120	Puchong	10
47130	Puchong	10
47140	Puchong	10
47150	Puchong	10
47160	Puchong	10
47170	Puchong	10
47180	Puchong	10
47190	Puchong	10
47200	Subang Airport	10
47210	Subang Airport	10
47300	Petaling Jaya	10
47301	Petaling Jaya	10
47304	Petaling Jaya	10
47307	Petaling Jaya	10
47308	Petaling Jaya	10
47309	Petaling Jaya	10
47310	Petaling Jaya	10
47400	Petaling Jaya	10
47410	Petaling Jaya	10
47430	Petaling Jaya	10
47500	Subang Jaya	10
47507	Subang Jaya	10
47510	Subang Jaya	10
47600	Subang Jaya	10
47601	Subang Jaya	10
47610	Subang Jaya	10
47618	Subang Jaya	10
47620	Subang Jaya	10
47630	Subang Jaya	10
47640	Subang Jaya	10
47650	Subang Jaya	10
47800	Petaling Jaya	10
47801	Petaling Jaya	10
47810	Petaling Jaya	10
47820	Petaling Jaya	10
47829	Petaling Jaya	10
47830	Petaling Jaya	10
47850	Petaling Jaya	10
48000	Rawang	10
48009	Rawang	10
48010	Rawang	10
48020	Rawang	10
48050	Rawang	10
48100	Rawang	10
48200	Serendah	10
48250	Serendah	10
48300	Rawang	10
48302	Rawang	10
49000	Bukit Fraser	06
50000	Kuala Lumpur	14
50050	Kuala Lumpur	14
50088	Kuala Lumpur	14
50100	Kuala Lumpur	14
50150	Kuala Lumpur	14
50200	Kuala Lumpur	14
50250	Kuala Lumpur	14
50300	Kuala Lumpur	14
50350	Kuala Lumpur	14
50400	Kuala Lumpur	14
50420	Kuala Lumpur	14
50450	Kuala Lumpur	14
50460	Kuala Lumpur	14
50470	Kuala Lumpur	14
50480	Kuala Lumpur	14
50489	Kuala Lumpur	14
50490	Kuala Lumpur	14
50500	Kuala Lumpur	14
50502	Kuala Lumpur	14
50504	Kuala Lumpur	14
50505	Kuala Lumpur	14
50506	Kuala Lumpur	14
50507	Kuala Lumpur	14
50508	Kuala Lumpur	14
50512	Kuala Lumpur	14
50514	Kuala Lumpur	14
50515	Kuala Lumpur	14
50519	Kuala Lumpur	14
50528	Kuala Lumpur	14
50529	Kuala Lumpur	14
50530	Kuala Lumpur	14
50532	Kuala Lumpur	14
50534	Kuala Lumpur	14
50536	Kuala Lumpur	14
50538	Kuala Lumpur	14
50540	Kuala Lumpur	14
50544	Kuala Lumpur	14
50546	Kuala Lumpur	14
50548	Kuala Lumpur	14
50550	Kuala Lumpur	14
50551	Kuala Lumpur	14
50552	Kuala Lumpur	14
50554	Kuala Lumpur	14
50556	Kuala Lumpur	14
50560	Kuala Lumpur	14
50562	Kuala Lumpur	14
50564	Kuala Lumpur	14
50566	Kuala Lumpur	14
50568	Kuala Lumpur	14
50572	Kuala Lumpur	14
50576	Kuala Lumpur	14
50578	Kuala Lumpur	14
50580	Kuala Lumpur	14
50582	Kuala Lumpur	14
50586	Kuala Lumpur	14
50588	Kuala Lumpur	14
50590	Kuala Lumpur	14
50592	Kuala Lumpur	14
50594	Kuala Lumpur	14
50596	Kuala Lumpur	14
50598	Kuala Lumpur	14
50599	Kuala Lumpur	14
50600	Kuala Lumpur	14
50603	Kuala Lumpur	14
50604	Kuala Lumpur	14
50605	Kuala Lumpur	14
50608	Kuala Lumpur	14
50609	Kuala Lumpur	14
50610	Kuala Lumpur	14
50612	Kuala Lumpur	14
50614	Kuala Lumpur	14
50620	Kuala Lumpur	14
50621	Kuala Lumpur	14
50622	Kuala Lumpur	14
50623	Kuala Lumpur	14
50626	Kuala Lumpur	14
50630	Kuala Lumpur	14
50632	Kuala Lumpur	14
50634	Kuala Lumpur	14
50636	Kuala Lumpur	14
50638	Kuala Lumpur	14
50640	Kuala Lumpur	14
50642	Kuala Lumpur	14
50644	Kuala Lumpur	14
50646	Kuala Lumpur	14
50648	Kuala Lumpur	14
50650	Kuala Lumpur	14
50652	Kuala Lumpur	14
50653	Kuala Lumpur	14
50656	Kuala Lumpur	14
50658	Kuala Lumpur	14
50660	Kuala Lumpur	14
50661	Kuala Lumpur	14
50662	Kuala Lumpur	14
50664	Kuala Lumpur	14
50666	Kuala Lumpur	14
50668	Kuala Lumpur	14
50670	Kuala Lumpur	14
50672	Kuala Lumpur	14
50673	Kuala Lumpur	14
50674	Kuala Lumpur	14
50676	Kuala Lumpur	14
50677	Kuala Lumpur	14
50678	Kuala Lumpur	14
50680	Kuala Lumpur	14
50682	Kuala Lumpur	14
50684	Kuala Lumpur	14
50688	Kuala Lumpur	14
50694	Kuala Lumpur	14
50700	Kuala Lumpur	14
50702	Kuala Lumpur	14
50704	Kuala Lumpur	14
50706	Kuala Lumpur	14
50708	Kuala Lumpur	14
50710	Kuala Lumpur	14
50712	Kuala Lumpur	14
50714	Kuala Lumpur	14
50716	Kuala Lumpur	14
50718	Kuala Lumpur	14
50720	Kuala Lumpur	14
50722	Kuala Lumpur	14
50724	Kuala Lumpur	14
50726	Kuala Lumpur	14
50728	Kuala Lumpur	14
50730	Kuala Lumpur	14
50732	Kuala Lumpur	14
50734	Kuala Lumpur	14
50736	Kuala Lumpur	14
50738	Kuala Lumpur	14
50740	Kuala Lumpur	14
50742	Kuala Lumpur	14
50744	Kuala Lumpur	14
50746	Kuala Lumpur	14
50748	Kuala Lumpur	14
50750	Kuala Lumpur	14
50752	Kuala Lumpur	14
50754	Kuala Lumpur	14
50758	Kuala Lumpur	14
50760	Kuala Lumpur	14
50762	Kuala Lumpur	14
50764	Kuala Lumpur	14
50766	Kuala Lumpur	14
50768	Kuala Lumpur	14
50770	Kuala Lumpur	14
50772	Kuala Lumpur	14
50774	Kuala Lumpur	14
50776	Kuala Lumpur	14
50778	Kuala Lumpur	14
50780	Kuala Lumpur	14
50782	Kuala Lumpur	14
50784	Kuala Lumpur	14
50786	Kuala Lumpur	14
50788	Kuala Lumpur	14
50790	Kuala Lumpur	14
50792	Kuala Lumpur	14
50794	Kuala Lumpur	14
50796	Kuala Lumpur	14
50798	Kuala Lumpur	14
50800	Kuala Lumpur	14
50802	Kuala Lumpur	14
50804	Kuala Lumpur	14
50806	Kuala Lumpur	14
50808	Kuala Lumpur	14
50810	Kuala Lumpur	14
50812	Kuala Lumpur	14
50814	Kuala Lumpur	14
50816	Kuala Lumpur	14
50818	Kuala Lumpur	14
50901	Kuala Lumpur	14
50902	Kuala Lumpur	14
50903	Kuala Lumpur	14
50904	Kuala Lumpur	14
50906	Kuala Lumpur	14
50907	Kuala Lumpur	14
50908	Kuala Lumpur	14
50909	Kuala Lumpur	14
50910	Kuala Lumpur	14
50911	Kuala Lumpur	14
50912	Kuala Lumpur	14
50913	Kuala Lumpur	14
50914	Kuala Lumpur	14
50915	Kuala Lumpur	14
50916	Kuala Lumpur	14
50917	Kuala Lumpur	14
50918	Kuala Lumpur	14
50919	Kuala Lumpur	14
50920	Kuala Lumpur	14
50921	Kuala Lumpur	14
50922	Kuala Lumpur	14
50923	Kuala Lumpur	14
50924	Kuala Lumpur	14
50925	Kuala Lumpur	14
50926	Kuala Lumpur	14
50927	Kuala Lumpur	14
50928	Kuala Lumpur	14
50929	Kuala Lumpur	14
50930	Kuala Lumpur	14
50931	Kuala Lumpur	14
50932	Kuala Lumpur	14
50933	Kuala Lumpur	14
50934	Kuala Lumpur	14
50935	Kuala Lumpur	14
50936	Kuala Lumpur	14
50937	Kuala Lumpur	14
50938	Kuala Lumpur	14
50939	Kuala Lumpur	14
50940	Kuala Lumpur	14
50941	Kuala Lumpur	14
50942	Kuala Lumpur	14
50943	Kuala Lumpur	14
50944	Kuala Lumpur	14
50945	Kuala Lumpur	14
50946	Kuala Lumpur	14
50947	Kuala Lumpur	14
50948	Kuala Lumpur	14
50949	Kuala Lumpur	14
50950	Kuala Lumpur	14
50988	Kuala Lumpur	14
50989	Kuala Lumpur	14
50990	Kuala Lumpur	14
51000	Kuala Lumpur	14
51100	Kuala Lumpur	14
51200	Kuala Lumpur	14
51300	Kuala Lumpur	14
51640	Kuala Lumpur	14
51700	Kuala Lumpur	14
51800	Kuala Lumpur	14
51900	Kuala Lumpur	14
51990	Kuala Lumpur	14
52000	Kuala Lumpur	14
52100	Kuala Lumpur	14
52109	Kuala Lumpur	14
52200	Kuala Lumpur	14
52210	Kuala Lumpur	14
52220	Kuala Lumpur	14
53000	Kuala Lumpur	14
53100	Kuala Lumpur	14
53200	Kuala Lumpur	14
53300	Setapak	14
53500	Kuala Lumpur	14
53700	Kuala Lumpur	14
53800	Kuala Lumpur	14
53990	Kuala Lumpur	14
54000	Kuala Lumpur	14
54050	Kuala Lumpur	14
54100	Kuala Lumpur	14
54200	Kuala Lumpur	14
54540	Kuala Lumpur	14
55000	Kuala Lumpur	14
55100	Kuala Lumpur	14
55200	Kuala Lumpur	14
55220	Kuala Lumpur	14
55300	Kuala Lumpur	14
55330	Kuala Lumpur	14
55555	Subang Jaya	10
55700	Kuala Lumpur	14
55710	Kuala Lumpur	14
55720	Kuala Lumpur	14
55900	Kuala Lumpur	14
55902	Kuala Lumpur	14
55904	Kuala Lumpur	14
55906	Kuala Lumpur	14
55908	Kuala Lumpur	14
55910	Kuala Lumpur	14
55912	Kuala Lumpur	14
55914	Kuala Lumpur	14
55916	Kuala Lumpur	14
55918	Kuala Lumpur	14
55920	Kuala Lumpur	14
55922	Kuala Lumpur	14
55924	Kuala Lumpur	14
55926	Kuala Lumpur	14
55928	Kuala Lumpur	14
55930	Kuala Lumpur	14
55932	Kuala Lumpur	14
55934	Kuala Lumpur	14
55990	Kuala Lumpur	14
56000	Kuala Lumpur	14
56100	Kuala Lumpur	14
57000	Kuala Lumpur	14
57100	Kuala Lumpur	14
57200	Kuala Lumpur	14
57700	Kuala Lumpur	14
57990	Kuala Lumpur	14
58000	Kuala Lumpur	14
58100	Kuala Lumpur	14
58200	Kuala Lumpur	14
58209	Kuala Lumpur	14
58700	Kuala Lumpur	14
58990	Kuala Lumpur	14
59000	Kuala Lumpur	14
59001	Kuala Lumpur	14
59100	Kuala Lumpur	14
59200	Kuala Lumpur	14
59206	Kuala Lumpur	14
59700	Kuala Lumpur	14
59800	Kuala Lumpur	14
59990	Kuala Lumpur	14
60000	Kuala Lumpur	14
62000	Putrajaya	16
62007	Putrajaya	16
62050	Putrajaya	16
62052	Putrajaya	16
62100	Putrajaya	16
62150	Putrajaya	16
62200	Putrajaya	16
62250	Putrajaya	16
62300	Putrajaya	16
62500	Putrajaya	16
62502	Putrajaya	16
62503	Putrajaya	16
62504	Putrajaya	16
62505	Putrajaya	16
62506	Putrajaya	16
62510	Putrajaya	16
62512	Putrajaya	16
62514	Putrajaya	16
62516	Putrajaya	16
62517	Putrajaya	16
62518	Putrajaya	16
62519	Putrajaya	16
62520	Putrajaya	16
62522	Putrajaya	16
62524	Putrajaya	16
62526	Putrajaya	16
62527	Putrajaya	16
62529	Putrajaya	16
62530	Putrajaya	16
62532	Putrajaya	16
62536	Putrajaya	16
62539	Putrajaya	16
62540	Putrajaya	16
62542	Putrajaya	16
62546	Putrajaya	16
62550	Putrajaya	16
62551	Putrajaya	16
62570	Putrajaya	16
62574	Putrajaya	16
62576	Putrajaya	16
62578	Putrajaya	16
62582	Putrajaya	16
62584	Putrajaya	16
62590	Putrajaya	16
62592	Putrajaya	16
62594	Putrajaya	16
62596	Putrajaya	16
62602	Putrajaya	16
62604	Putrajaya	16
62605	Putrajaya	16
62606	Putrajaya	16
62616	Putrajaya	16
62618	Putrajaya	16
62620	Putrajaya	16
62623	Putrajaya	16
62624	Putrajaya	16
62628	Putrajaya	16
62630	Putrajaya	16
62632	Putrajaya	16
62648	Putrajaya	16
62652	Putrajaya	16
62654	Putrajaya	16
62657	Putrajaya	16
62662	Putrajaya	16
62668	Putrajaya	16
62670	Putrajaya	16
62674	Putrajaya	16
62675	Putrajaya	16
62676	Putrajaya	16
62677	Putrajaya	16
62686	Putrajaya	16
62690	Putrajaya	16
62692	Putrajaya	16
62988	Putrajaya	16
63000	Cyberjaya	10
63100	Cyberjaya	10
63200	Cyberjaya	10
63300	Cyberjaya	10
64000	Klia	10
68000	Ampang	10
68100	Batu Caves	10
69000	Genting Highlands	06
70000	Seremban	05
70100	Seremban	05
70200	Seremban	05
70300	Seremban	05
70400	Seremban	05
70450	Seremban	05
70500	Seremban	05
70502	Seremban	05
70503	Seremban	05
70504	Seremban	05
70505	Seremban	05
70506	Seremban	05
70508	Seremban	05
70512	Seremban	05
70516	Seremban	05
70517	Seremban	05
70518	Seremban	05
70532	Seremban	05
70534	Seremban	05
70536	Seremban	05
70540	Seremban	05
70546	Seremban	05
70548	Seremban	05
70550	Seremban	05
70551	Seremban	05
70558	Seremban	05
70560	Seremban	05
70564	Seremban	05
70570	Seremban	05
70572	Seremban	05
70576	Seremban	05
70578	Seremban	05
70582	Seremban	05
70586	Seremban	05
70590	Seremban	05
70592	Seremban	05
70594	Seremban	05
70596	Seremban	05
70600	Seremban	05
70604	Seremban	05
70606	Seremban	05
70608	Seremban	05
70609	Seremban	05
70610	Seremban	05
70620	Seremban	05
70626	Seremban	05
70628	Seremban	05
70632	Seremban	05
70634	Seremban	05
70644	Seremban	05
70646	Seremban	05
70648	Seremban	05
70658	Seremban	05
70664	Seremban	05
70670	Seremban	05
70672	Seremban	05
70673	Seremban	05
70674	Seremban	05
70676	Seremban	05
70690	Seremban	05
70700	Seremban	05
70710	Seremban	05
70720	Seremban	05
70730	Seremban	05
70740	Seremban	05
70750	Seremban	05
70990	Seremban	05
71000	Port Dickson	05
71007	Port Dickson	05
71009	Port Dickson	05
71010	Port Dickson	05
71050	Si Rusa	05
71059	Si Rusa	05
71100	Rantau	05
71109	Rantau	05
71150	Linggi	05
71159	Linggi	05
71200	Rantau	05
71209	Rantau	05
71250	Si Rusa	05
71259	Si Rusa	05
71300	Rembau	05
71309	Rembau	05
71350	Kota	05
71359	Kota	05
71400	Rembau	05
71409	Rembau	05
71450	Seremban	05
71459	Seremban	05
71500	Tanjong Ipoh	05
71509	Tanjong Ipoh	05
71550	Tanjong Ipoh	05
71559	Tanjong Ipoh	05
71600	Kuala Klawang	05
71609	Kuala Klawang	05
71650	Kuala Klawang	05
71659	Kuala Klawang	05
71700	Mantin	05
71707	Mantin	05
71709	Mantin	05
71750	Mantin	05
71759	Mantin	05
71760	Bandar Baru Enstek	05
71770	Seremban	05
71800	Nilai	05
71807	Nilai	05
71809	Nilai	05
71850	Nilai	05
71900	Labu	05
71907	Labu	05
71909	Labu	05
71950	Seremban	05
71960	Port Dickson	05
71999	Port Dickson	05
72000	Kuala Pilah	05
72007	Kuala Pilah	05
72009	Kuala Pilah	05
72100	Bahau	05
72107	Bahau	05
72109	Bahau	05
72120	Bandar Seri Jempol	05
72127	Bandar Seri Jempol	05
72129	Bandar Seri Jempol	05
72130	Bandar Baru Serting	05
72200	Batu Kikir	05
72207	Batu Kikir	05
72209	Batu Kikir	05
72300	Simpang Pertang	05
72307	Simpang Pertang	05
72309	Simpang Pertang	05
72400	Simpang Durian	05
72409	Simpang Durian	05
72500	Kuala Pilah	05
72507	Kuala Pilah	05
72509	Kuala Pilah	05
73000	Tampin	05
73007	Tampin	05
73009	Tampin	05
73100	Johol	05
73109	Johol	05
73200	Gemencheh	05
73207	Gemencheh	05
73209	Gemencheh	05
73300	Gemencheh	05
73309	Gemencheh	05
73400	Gemas	05
73409	Gemas	05
73410	Gemas	05
73420	Gemas	05
73430	Pusat Bandar Palong	05
73440	Pusat Bandar Palong	05
73450	Pusat Bandar Palong	05
73460	Pusat Bandar Palong	05
73470	Pusat Bandar Palong	05
73480	Gemas	05
73500	Rompin	05
73507	Rompin	05
73509	Rompin	05
75000	Melaka	04
75050	Melaka	04
75100	Melaka	04
75150	Melaka	04
75200	Melaka	04
75250	Melaka	04
75260	Melaka	04
75300	Melaka	04
75350	Melaka	04
75400	Melaka	04
75430	Melaka	04
75450	Ayer Keroh	04
75460	Melaka	04
76100	Durian Tunggal	04
76109	Durian Tunggal	04
76200	Kem Trendak	04
76300	Sungai Udang	04
76400	Tanjong Kling	04
76409	Tanjong Kling	04
76450	Melaka	04
77000	Jasin	04
77007	Jasin	04
77008	Jasin	04
77009	Jasin	04
77100	Asahan	04
77109	Asahan	04
77200	Bemban	04
77300	Merlimau	04
77400	Sungai Rambai	04
77500	Selandar	04
78000	Alor Gajah	04
78009	Alor Gajah	04
78100	Lubok China	04
78200	Kuala Sungai Baru	04
78300	Masjid Tanah	04
78307	Masjid Tanah	04
78309	Masjid Tanah	04
79000	Nusajaya	01
79050	Iskandar Puteri	01
79100	Nusajaya	01
79150	Nusajaya	01
79200	Nusajaya	01
79250	Nusajaya	01
79502	Nusajaya	01
79503	Nusajaya	01
79504	Nusajaya	01
79505	Nusajaya	01
79511	Nusajaya	01
79513	Nusajaya	01
79514	Nusajaya	01
79517	Nusajaya	01
79518	Nusajaya	01
79520	Nusajaya	01
79521	Nusajaya	01
79523	Nusajaya	01
79532	Nusajaya	01
79538	Nusajaya	01
79540	Nusajaya	01
79546	Nusajaya	01
79548	Nusajaya	01
79550	Nusajaya	01
79552	Nusajaya	01
79555	Nusajaya	01
79570	Nusajaya	01
79575	Nusajaya	01
79576	Nusajaya	01
79592	Nusajaya	01
79601	Nusajaya	01
79603	Nusajaya	01
79605	Nusajaya	01
79606	Nusajaya	01
79612	Nusajaya	01
79626	Nusajaya	01
79630	Nusajaya	01
79632	Nusajaya	01
79646	Nusajaya	01
79658	Nusajaya	01
79660	Nusajaya	01
79680	Nusajaya	01
79681	Nusajaya	01
79683	Nusajaya	01
80000	Johor Bahru	01
80050	Johor Bahru	01
80100	Johor Bahru	01
80110	Johor Bahru	01
80150	Johor Bahru	01
80200	Johor Bahru	01
80250	Johor Bahru	01
80300	Johor Bahru	01
80350	Johor Bahru	01
80400	Johor Bahru	01
80500	Johor Bahru	01
80502	Johor Bahru	01
80503	Johor Bahru	01
80504	Johor Bahru	01
80505	Johor Bahru	01
80506	Johor Bahru	01
80508	Johor Bahru	01
80514	Johor Bahru	01
80516	Johor Bahru	01
80517	Johor Bahru	01
80518	Johor Bahru	01
80519	Johor Bahru	01
80520	Johor Bahru	01
80529	Johor Bahru	01
80530	Johor Bahru	01
80532	Johor Bahru	01
80534	Johor Bahru	01
80536	Johor Bahru	01
80538	Johor Bahru	01
80540	Johor Bahru	01
80542	Johor Bahru	01
80546	Johor Bahru	01
80548	Johor Bahru	01
80550	Johor Bahru	01
80552	Johor Bahru	01
80558	Johor Bahru	01
80560	Johor Bahru	01
80564	Johor Bahru	01
80568	Johor Bahru	01
80570	Johor Bahru	01
80576	Johor Bahru	01
80578	Johor Bahru	01
80584	Johor Bahru	01
80586	Johor Bahru	01
80590	Johor Bahru	01
80592	Johor Bahru	01
80594	Johor Bahru	01
80596	Johor Bahru	01
80600	Johor Bahru	01
80604	Johor Bahru	01
80606	Johor Bahru	01
80608	Johor Bahru	01
80610	Johor Bahru	01
80612	Johor Bahru	01
80620	Johor Bahru	01
80622	Johor Bahru	01
80626	Johor Bahru	01
80628	Johor Bahru	01
80630	Johor Bahru	01
80632	Johor Bahru	01
80644	Johor Bahru	01
80646	Johor Bahru	01
80648	Johor Bahru	01
80658	Johor Bahru	01
80660	Johor Bahru	01
80662	Johor Bahru	01
80664	Johor Bahru	01
80668	Johor Bahru	01
80670	Johor Bahru	01
80672	Johor Bahru	01
80673	Johor Bahru	01
80676	Johor Bahru	01
80700	Johor Bahru	01
80710	Johor Bahru	01
80720	Johor Bahru	01
80730	Johor Bahru	01
80750	Johor Bahru	01
80800	Johor Bahru	01
80888	Johor Bahru	01
80900	Johor Bahru	01
80902	Johor Bahru	01
80904	Johor Bahru	01
80906	Johor Bahru	01
80908	Johor Bahru	01
80988	Johor Bahru	01
80990	Johor Bahru	01
81000	Kulai	01
81010	Kulai	01
81020	Kulai	01
81030	Kulai	01
81040	Kulai	01
81050	Kulai	01
81100	Johor Bahru	01
81110	Johor Bahru	01
81120	Johor Bahru	01
81150	Ulu Choh	01
81200	Johor Bahru	01
81250	Johor Bahru	01
81300	Johor Bahru	01
81310	Johor Bahru	01
81400	Senai	01
81410	Senai	01
81440	Bandar Tenggara	01
81450	Gugusan Taib Andak	01
81500	Pekan Nenas	01
81550	Gelang Patah	01
81560	Gelang Patah	01
81600	Pengerang	01
81620	Pengerang	01
81650	Pengerang	01
81700	Pasir Gudang	01
81750	Masai	01
81760	Masai	01
81800	Ulu Tiram	01
81810	Ulu Tiram	01
81850	Layang-Layang	01
81900	Kota Tinggi	01
81907	Kota Tinggi	01
81910	Kota Tinggi	01
81920	Ayer Tawar 2	01
81930	Bandar Penawar	01
81960	Bandar Penawar	01
82000	Pontian	01
82010	Pontian	01
82020	Pontian	01
82030	Pontian	01
82100	Ayer Baloi	01
82200	Benut	01
82300	Kukup	01
83000	Batu Pahat	01
83010	Batu Pahat	01
83020	Batu Pahat	01
83030	Batu Pahat	01
83040	Batu Pahat	01
83050	Batu Pahat	01
83100	Rengit	01
83200	Senggarang	01
83300	Seri Gading	01
83400	Seri Medan	01
83500	Parit Sulong	01
83600	Semerah	01
83610	Semerah	01
83700	Yong Peng	01
83710	Yong Peng	01
84000	Muar	01
84007	Muar	01
84010	Muar	01
84020	Muar	01
84030	Muar	01
84040	Muar	01
84050	Muar	01
84100	Muar	01
84150	Parit Jawa	01
84160	Parit Jawa	01
84200	Muar	01
84300	Bukit Pasir	01
84300	Muar	01
84400	Sungai Mati	01
84409	Sungai Mati	01
84410	Muar	01
84500	Panchor	01
84600	Pagoh	01
84700	Gerisek	01
84710	Gerisek	01
84800	Bukit Gambir	01
84900	Tangkak	01
84990	Tangkak	01
85000	Segamat	01
85010	Segamat	01
85020	Segamat	01
85030	Segamat	01
85060	Segamat	01
85070	Segamat	01
85080	Segamat	01
85100	Batu Anam	01
85200	Jementah	01
85210	Jementah	01
85300	Labis	01
85400	Chaah	01
86000	Kluang	01
86007	Kluang	01
86100	Ayer Hitam	01
86200	Simpang Rengam	01
86300	Rengam	01
86400	Batu Pahat	01
86400	Parit Raja	01
86500	Bekok	01
86600	Paloh	01
86700	Kahang	01
86800	Mersing	01
86800	Tioman	01
86810	Mersing	01
86900	Endau	01
86999	Endau	01
87000	Labuan	15
87007	Labuan	15
87008	Labuan	15
87010	Labuan	15
87011	Labuan	15
87012	Labuan	15
87013	Labuan	15
87014	Labuan	15
87015	Labuan	15
87016	Labuan	15
87017	Labuan	15
87018	Labuan	15
87019	Labuan	15
87020	Labuan	15
87021	Labuan	15
87022	Labuan	15
87023	Labuan	15
87024	Labuan	15
87025	Labuan	15
87026	Labuan	15
87027	Labuan	15
87028	Labuan	15
87029	Labuan	15
87030	Labuan	15
87031	Labuan	15
87032	Labuan	15
87033	Labuan	15
88000	Kota Kinabalu	12
88100	Kota Kinabalu	12
88110	Kota Kinabalu	12
88150	Kota Kinabalu	12
88200	Kota Kinabalu	12
88220	Kota Kinabalu	12
88300	Kota Kinabalu	12
88400	Kota Kinabalu	12
88450	Kota Kinabalu	12
88458	Kota Kinabalu	12
88460	Kota Kinabalu	12
88500	Kota Kinabalu	12
88502	Kota Kinabalu	12
88504	Kota Kinabalu	12
88505	Kota Kinabalu	12
88506	Kota Kinabalu	12
88508	Kota Kinabalu	12
88510	Kota Kinabalu	12
88512	Kota Kinabalu	12
88514	Kota Kinabalu	12
88516	Kota Kinabalu	12
88518	Kota Kinabalu	12
88520	Kota Kinabalu	12
88526	Kota Kinabalu	12
88527	Kota Kinabalu	12
88532	Kota Kinabalu	12
88534	Kota Kinabalu	12
88538	Kota Kinabalu	12
88540	Kota Kinabalu	12
88546	Kota Kinabalu	12
88550	Kota Kinabalu	12
88551	Kota Kinabalu	12
88552	Kota Kinabalu	12
88554	Kota Kinabalu	12
88556	Kota Kinabalu	12
88558	Kota Kinabalu	12
88560	Kota Kinabalu	12
88562	Kota Kinabalu	12
88564	Kota Kinabalu	12
88566	Kota Kinabalu	12
88568	Kota Kinabalu	12
88570	Kota Kinabalu	12
88572	Kota Kinabalu	12
88576	Kota Kinabalu	12
88580	Kota Kinabalu	12
88582	Kota Kinabalu	12
88586	Kota Kinabalu	12
88590	Kota Kinabalu	12
88592	Kota Kinabalu	12
88594	Kota Kinabalu	12
88596	Kota Kinabalu	12
88598	Kota Kinabalu	12
88600	Kota Kinabalu	12
88602	Kota Kinabalu	12
88604	Kota Kinabalu	12
88606	Kota Kinabalu	12
88608	Kota Kinabalu	12
88609	Kota Kinabalu	12
88610	Kota Kinabalu	12
88612	Kota Kinabalu	12
88614	Kota Kinabalu	12
88617	Kota Kinabalu	12
88618	Kota Kinabalu	12
88620	Kota Kinabalu	12
88621	Kota Kinabalu	12
88622	Kota Kinabalu	12
88624	Kota Kinabalu	12
88626	Kota Kinabalu	12
88628	Kota Kinabalu	12
88630	Kota Kinabalu	12
88632	Kota Kinabalu	12
88634	Kota Kinabalu	12
88644	Kota Kinabalu	12
88646	Kota Kinabalu	12
88648	Kota Kinabalu	12
88656	Kota Kinabalu	12
88658	Kota Kinabalu	12
88660	Kota Kinabalu	12
88661	Kota Kinabalu	12
88662	Kota Kinabalu	12
88670	Kota Kinabalu	12
88672	Kota Kinabalu	12
88673	Kota Kinabalu	12
88675	Kota Kinabalu	12
88676	Kota Kinabalu	12
88680	Kota Kinabalu	12
88690	Kota Kinabalu	12
88700	Beverly	12
88721	Putatan	12
88722	Putatan	12
88723	Putatan	12
88724	Putatan	12
88725	Putatan	12
88740	Kota Kinabalu	12
88757	Kota Kinabalu	12
88758	Kota Kinabalu	12
88759	Kota Kinabalu	12
88760	Kota Kinabalu	12
88761	Kota Kinabalu	12
88762	Kota Kinabalu	12
88763	Kota Kinabalu	12
88764	Kota Kinabalu	12
88765	Kota Kinabalu	12
88766	Kota Kinabalu	12
88767	Kota Kinabalu	12
88768	Kota Kinabalu	12
88769	Kota Kinabalu	12
88770	Kota Kinabalu	12
88771	Kota Kinabalu	12
88772	Kota Kinabalu	12
88773	Kota Kinabalu	12
88774	Kota Kinabalu	12
88775	Kota Kinabalu	12
88776	Kota Kinabalu	12
88777	Kota Kinabalu	12
88778	Kota Kinabalu	12
88779	Kota Kinabalu	12
88780	Kota Kinabalu	12
88781	Kota Kinabalu	12
88782	Kota Kinabalu	12
88783	Kota Kinabalu	12
88784	Kota Kinabalu	12
88785	Kota Kinabalu	12
88786	Kota Kinabalu	12
88787	Kota Kinabalu	12
88788	Kota Kinabalu	12
88789	Kota Kinabalu	12
88790	Kota Kinabalu	12
88800	Kota Kinabalu	12
88801	Kota Kinabalu	12
88802	Kota Kinabalu	12
88803	Kota Kinabalu	12
88804	Kota Kinabalu	12
88805	Kota Kinabalu	12
88806	Kota Kinabalu	12
88807	Kota Kinabalu	12
88808	Kota Kinabalu	12
88809	Kota Kinabalu	12
88810	Kota Kinabalu	12
88811	Kota Kinabalu	12
88812	Kota Kinabalu	12
88813	Kota Kinabalu	12
88814	Kota Kinabalu	12
88815	Kota Kinabalu	12
88816	Kota Kinabalu	12
88817	Kota Kinabalu	12
88818	Kota Kinabalu	12
88819	Kota Kinabalu	12
88820	Kota Kinabalu	12
88821	Kota Kinabalu	12
88822	Kota Kinabalu	12
88823	Kota Kinabalu	12
88824	Kota Kinabalu	12
88825	Kota Kinabalu	12
88826	Kota Kinabalu	12
88827	Kota Kinabalu	12
88828	Kota Kinabalu	12
88829	Kota Kinabalu	12
88830	Kota Kinabalu	12
88831	Kota Kinabalu	12
88832	Kota Kinabalu	12
88833	Kota Kinabalu	12
88834	Kota Kinabalu	12
88835	Kota Kinabalu	12
88836	Kota Kinabalu	12
88837	Kota Kinabalu	12
88838	Kota Kinabalu	12
88839	Kota Kinabalu	12
88840	Kota Kinabalu	12
88841	Kota Kinabalu	12
88842	Kota Kinabalu	12
88843	Kota Kinabalu	12
88844	Kota Kinabalu	12
88845	Kota Kinabalu	12
88846	Kota Kinabalu	12
88847	Kota Kinabalu	12
88848	Kota Kinabalu	12
88849	Kota Kinabalu	12
88850	Kota Kinabalu	12
88851	Kota Kinabalu	12
88852	Kota Kinabalu	12
88853	Kota Kinabalu	12
88854	Kota Kinabalu	12
88855	Kota Kinabalu	12
88856	Likas	12
88857	Inanam	12
88858	Tanjung Aru	12
88860	Kota Kinabalu	12
88861	Kota Kinabalu	12
88862	Kota Kinabalu	12
88863	Kota Kinabalu	12
88865	Kota Kinabalu	12
88866	Kota Kinabalu	12
88867	Kota Kinabalu	12
88868	Kota Kinabalu	12
88869	Kota Kinabalu	12
88870	Kota Kinabalu	12
88871	Kota Kinabalu	12
88872	Kota Kinabalu	12
88873	Kota Kinabalu	12
88874	Kota Kinabalu	12
88875	Kota Kinabalu	12
88900	Kota Kinabalu	12
88901	Kota Kinabalu	12
88902	Kota Kinabalu	12
88903	Kota Kinabalu	12
88904	Kota Kinabalu	12
88905	Kota Kinabalu	12
88906	Kota Kinabalu	12
88988	Kota Kinabalu	12
88990	Kota Kinabalu	12
88991	Kota Kinabalu	12
88992	Kota Kinabalu	12
88993	Kota Kinabalu	12
88994	Kota Kinabalu	12
88995	Kota Kinabalu	12
88996	Kota Kinabalu	12
88997	Kota Kinabalu	12
88998	Kota Kinabalu	12
88999	Kota Kinabalu	12
89000	Keningau	12
89007	Keningau	12
89008	Keningau	12
89009	Keningau	12
89050	Kudat	12
89057	Kudat	12
89058	Kudat	12
89059	Kudat	12
89100	Kota Marudu	12
89107	Kota Marudu	12
89108	Kota Marudu	12
89109	Kota Marudu	12
89150	Kota Belud	12
89157	Kota Belud	12
89158	Kota Belud	12
89159	Kota Belud	12
89200	Tuaran	12
89207	Tuaran	12
89208	Tuaran	12
89209	Tuaran	12
89250	Tamparuli	12
89257	Tamparuli	12
89258	Tamparuli	12
89259	Tamparuli	12
89260	Beverly	12
89300	Ranau	12
89307	Ranau	12
89308	Ranau	12
89309	Ranau	12
89320	Ranau	12
89350	Ranau	12
89357	Ranau	12
89500	Penampang	12
89507	Penampang	12
89508	Penampang	12
89509	Penampang	12
89600	Papar	12
89607	Papar	12
89608	Papar	12
89609	Papar	12
89650	Tambunan	12
89657	Tambunan	12
89658	Tambunan	12
89659	Tambunan	12
89700	Bongawan	12
89707	Bongawan	12
89708	Bongawan	12
89709	Bongawan	12
89720	Membakut	12
89727	Membakut	12
89728	Membakut	12
89729	Membakut	12
89740	Kuala Penyu	12
89747	Kuala Penyu	12
89748	Kuala Penyu	12
89749	Kuala Penyu	12
89760	Menumbok	12
89767	Menumbok	12
89768	Menumbok	12
89769	Menumbok	12
89800	Beaufort	12
89807	Beaufort	12
89808	Beaufort	12
89809	Beaufort	12
89850	Sipitang	12
89857	Sipitang	12
89858	Sipitang	12
89859	Sipitang	12
89900	Tenom	12
89907	Tenom	12
89908	Tenom	12
89909	Tenom	12
89950	Nabawan	12
89957	Nabawan	12
89958	Nabawan	12
89959	Nabawan	12
90000	Sandakan	12
90008	Sandakan	12
90009	Sandakan	12
90100	Beluran	12
90107	Beluran	12
90109	Beluran	12
90200	Kota Kinabatangan	12
90300	Sandakan	12
90307	Sandakan	12
90400	Pamol	12
90700	Sandakan	12
90701	Sandakan	12
90702	Sandakan	12
90703	Sandakan	12
90704	Sandakan	12
90705	Sandakan	12
90706	Sandakan	12
90707	Sandakan	12
90708	Sandakan	12
90709	Sandakan	12
90711	Sandakan	12
90712	Sandakan	12
90713	Sandakan	12
90714	Sandakan	12
90715	Sandakan	12
90716	Sandakan	12
90717	Sandakan	12
90718	Sandakan	12
90719	Sandakan	12
90720	Sandakan	12
90721	Sandakan	12
90722	Sandakan	12
90723	Sandakan	12
90724	Sandakan	12
90725	Sandakan	12
90726	Sandakan	12
90727	Sandakan	12
90728	Sandakan	12
90729	Sandakan	12
90730	Sandakan	12
90731	Sandakan	12
90732	Sandakan	12
90733	Sandakan	12
90734	Sandakan	12
90735	Sandakan	12
90736	Sandakan	12
90737	Sandakan	12
90738	Sandakan	12
90739	Sandakan	12
90740	Sandakan	12
90741	Sandakan	12
91000	Tawau	12
91007	Tawau	12
91008	Tawau	12
91009	Tawau	12
91010	Tawau	12
91011	Tawau	12
91012	Tawau	12
91013	Tawau	12
91014	Tawau	12
91015	Tawau	12
91016	Tawau	12
91017	Tawau	12
91018	Tawau	12
91019	Tawau	12
91020	Tawau	12
91021	Tawau	12
91022	Tawau	12
91023	Tawau	12
91024	Tawau	12
91025	Tawau	12
91026	Tawau	12
91027	Tawau	12
91028	Tawau	12
91029	Tawau	12
91030	Tawau	12
91031	Tawau	12
91032	Tawau	12
91033	Tawau	12
91034	Tawau	12
91035	Tawau	12
91045	Tawau	12
91056	Tawau	12
91100	Lahad Datu	12
91108	Lahad Datu	12
91109	Lahad Datu	12
91110	Lahad Datu	12
91111	Lahad Datu	12
91112	Lahad Datu	12
91113	Lahad Datu	12
91114	Lahad Datu	12
91115	Lahad Datu	12
91116	Lahad Datu	12
91117	Lahad Datu	12
91118	Lahad Datu	12
91119	Lahad Datu	12
91120	Lahad Datu	12
91121	Lahad Datu	12
91122	Lahad Datu	12
91123	Lahad Datu	12
91124	Lahad Datu	12
91125	Lahad Datu	12
91126	Lahad Datu	12
91127	Lahad Datu	12
91128	Lahad Datu	12
91150	Lahad Datu	12
91200	Kunak	12
91207	Kunak	12
91209	Kunak	12
91300	Semporna	12
91307	Semporna	12
91308	Semporna	12
91309	Semporna	12
93000	Kuching	13
93010	Kuching	13
93030	Kuching	13
93050	Kuching	13
93100	Kuching	13
93150	Kuching	13
93200	Kuching	13
93250	Kuching	13
93300	Kuching	13
93350	Kuching	13
93400	Kuching	13
93450	Kuching	13
93500	Kuching	13
93502	Kuching	13
93503	Kuching	13
93504	Kuching	13
93505	Kuching	13
93506	Kuching	13
93507	Kuching	13
93508	Kuching	13
93514	Kuching	13
93516	Kuching	13
93517	Kuching	13
93518	Kuching	13
93519	Kuching	13
93520	Kuching	13
93527	Kuching	13
93529	Kuching	13
93532	Kuching	13
93540	Kuching	13
93550	Kuching	13
93551	Kuching	13
93552	Kuching	13
93554	Kuching	13
93556	Kuching	13
93558	Kuching	13
93560	Kuching	13
93564	Kuching	13
93566	Kuching	13
93570	Kuching	13
93572	Kuching	13
93576	Kuching	13
93578	Kuching	13
93582	Kuching	13
93586	Kuching	13
93590	Kuching	13
93592	Kuching	13
93594	Kuching	13
93596	Kuching	13
93600	Kuching	13
93604	Kuching	13
93606	Kuching	13
93608	Kuching	13
93609	Kuching	13
93610	Kuching	13
93612	Kuching	13
93614	Kuching	13
93618	Kuching	13
93619	Kuching	13
93620	Kuching	13
93626	Kuching	13
93628	Kuching	13
93632	Kuching	13
93634	Kuching	13
93648	Kuching	13
93658	Kuching	13
93660	Kuching	13
93661	Kuching	13
93662	Kuching	13
93668	Kuching	13
93670	Kuching	13
93672	Kuching	13
93677	Kuching	13
93690	Kuching	13
93694	Kuching	13
93700	Kuching	13
93702	Kuching	13
93704	Kuching	13
93706	Kuching	13
93708	Kuching	13
93710	Kuching	13
93712	Kuching	13
93714	Kuching	13
93716	Kuching	13
93718	Kuching	13
93720	Kuching	13
93722	Kuching	13
93724	Kuching	13
93726	Kuching	13
93728	Kuching	13
93730	Kuching	13
93732	Kuching	13
93734	Kuching	13
93736	Kuching	13
93738	Kuching	13
93740	Kuching	13
93742	Kuching	13
93744	Kuching	13
93746	Kuching	13
93748	Kuching	13
93750	Kuching	13
93752	Kuching	13
93754	Kuching	13
93756	Kuching	13
93758	Kuching	13
93760	Kuching	13
93762	Kuching	13
93764	Kuching	13
93900	Kuching	13
93902	Kuching	13
93904	Kuching	13
93906	Kuching	13
93908	Kuching	13
93910	Kuching	13
93912	Kuching	13
93914	Kuching	13
93916	Kuching	13
93990	Kuching	13
94000	Bau	13
94007	Bau	13
94009	Bau	13
94200	Siburan	13
94300	Kota Samarahan	13
94500	Lundu	13
94507	Lundu	13
94509	Lundu	13
94600	Asajaya	13
94650	Kabong	13
94700	Serian	13
94707	Serian	13
94709	Serian	13
94750	Serian	13
94760	Serian	13
94800	Simunjan	13
94807	Simunjan	13
94809	Simunjan	13
94850	Sebuyau	13
94900	Lingga	13
94950	Pusa	13
95000	Sri Aman	13
95007	Sri Aman	13
95008	Sri Aman	13
95009	Sri Aman	13
95300	Roban	13
95400	Saratok	13
95407	Saratok	13
95409	Saratok	13
95500	Debak	13
95600	Spaoh	13
95700	Betong	13
95707	Betong	13
95709	Betong	13
95800	Engkilili	13
95900	Lubok Antu	13
96000	Sibu	13
96007	Sibu	13
96008	Sibu	13
96009	Sibu	13
96100	Sarikei	13
96107	Sarikei	13
96108	Sarikei	13
96109	Sarikei	13
96150	Belawai	13
96200	Daro	13
96250	Matu	13
96300	Dalat	13
96307	Dalat	13
96309	Dalat	13
96350	Balingian	13
96400	Mukah	13
96410	Mukah	13
96500	Bintangor	13
96507	Bintangor	13
96508	Bintangor	13
96509	Bintangor	13
96510	Bintangor	13
96600	Julau	13
96700	Kanowit	13
96707	Kanowit	13
96709	Kanowit	13
96800	Kapit	13
96807	Kapit	13
96809	Kapit	13
96850	Song	13
96900	Belaga	13
96950	Belaga	13
96999	Belaga	13
97000	Bintulu	13
97004	Bintulu	13
97007	Bintulu	13
97008	Bintulu	13
97009	Bintulu	13
97010	Bintulu	13
97011	Bintulu	13
97012	Bintulu	13
97013	Bintulu	13
97014	Bintulu	13
97015	Bintulu	13
97100	Sebauh	13
97200	Tatau	13
97300	Bintulu	13
98000	Miri	13
98007	Miri	13
98008	Miri	13
98009	Miri	13
98050	Baram	13
98057	Baram	13
98058	Baram	13
98059	Baram	13
98100	Lutong	13
98107	Lutong	13
98109	Lutong	13
98150	Bekenu	13
98157	Bekenu	13
98159	Bekenu	13
98200	Niah	13
98300	Long Lama	13
98700	Limbang	13
98707	Limbang	13
98708	Limbang	13
98709	Limbang	13
98750	Nanga Medamit	13
98800	Sundar	13
98850	Lawas	13
98857	Lawas	13
98859	Lawas	13
"""
